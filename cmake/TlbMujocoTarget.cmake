# Debian's mujoco::mujoco lists an include directory for qhull that exists only when
# libqhull-dev is installed; CMake refuses targets with missing include directories.
# Keep only the directories that exist.
get_target_property(_tlb_mujoco_includes mujoco::mujoco INTERFACE_INCLUDE_DIRECTORIES)
if(_tlb_mujoco_includes)
  set(_tlb_kept "")
  foreach(_dir IN LISTS _tlb_mujoco_includes)
    if(EXISTS "${_dir}" OR _dir MATCHES "^\\$<")
      list(APPEND _tlb_kept "${_dir}")
    endif()
  endforeach()
  set_target_properties(mujoco::mujoco PROPERTIES INTERFACE_INCLUDE_DIRECTORIES "${_tlb_kept}")
endif()
