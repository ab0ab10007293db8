# The layering of DEVELOPERS.md, enforced by include paths.
#
# Every layer gets its own include root in the build tree holding links to exactly the
# folders it may include: `#include "agents/ppo.h"` from envs/ fails to compile because
# envs' root has no agents/ link. tests/layering_test.cmake also scans the sources, so an
# upward include through a relative path is caught too.
# The layers, lowest first, and the folders each may include (itself included). common/ is
# the leaf below every layer: each may use it, and it uses nothing of ours. This is the one
# table: tests/layering/scan_includes.cmake reads it too.
set(TLB_LAYERS common tlb envs replay agents apps)
set(TLB_LAYERS_ALLOWED_common common)
set(TLB_LAYERS_ALLOWED_tlb tlb common)
set(TLB_LAYERS_ALLOWED_envs envs common)
set(TLB_LAYERS_ALLOWED_replay replay envs common)
set(TLB_LAYERS_ALLOWED_agents agents tlb envs replay common)
set(TLB_LAYERS_ALLOWED_apps apps agents tlb envs replay common)
set(TLB_LAYERS_ALLOWED_bench tlb envs replay agents common)

# Adds folder `layer` if it has a CMakeLists.txt (layers arrive one issue at a time).
macro(tlb_add_layer layer)
  if(EXISTS "${CMAKE_CURRENT_SOURCE_DIR}/${layer}/CMakeLists.txt")
    add_subdirectory(${layer})
    set(TLB_HAVE_${layer} ON)
  endif()
endmacro()

# Returns in `out_var` the include root for `layer`, creating its links on first use.
function(tlb_layer_include_root layer out_var)
  set(root "${PROJECT_BINARY_DIR}/layer_includes/${layer}")
  if(NOT DEFINED TLB_LAYERS_ALLOWED_${layer})
    message(FATAL_ERROR "tlb_layer_include_root: unknown layer '${layer}'")
  endif()
  foreach(allowed IN LISTS TLB_LAYERS_ALLOWED_${layer})
    if(NOT EXISTS "${root}/${allowed}")
      file(MAKE_DIRECTORY "${root}")
      file(CREATE_LINK "${PROJECT_SOURCE_DIR}/${allowed}" "${root}/${allowed}" SYMBOLIC)
    endif()
  endforeach()
  set(${out_var} "${root}" PARENT_SCOPE)
endfunction()

# Gives `target` the include root of `layer` (privately: consumers get their own).
function(tlb_layer_includes target layer)
  tlb_layer_include_root(${layer} root)
  target_include_directories(${target} PRIVATE "${root}")
endfunction()
