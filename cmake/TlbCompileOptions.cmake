# Warnings and sanitizers for the project's own targets (never for third-party code).
function(tlb_target_defaults target)
  target_compile_options(${target} PRIVATE -Wall -Wextra)
  if(TLB_SANITIZE)
    target_compile_options(${target} PRIVATE -fsanitize=address,undefined -fno-omit-frame-pointer
                                             -fno-sanitize-recover=undefined)
    target_link_options(${target} PRIVATE -fsanitize=address,undefined)
  endif()
endfunction()
