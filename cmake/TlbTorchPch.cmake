# One precompiled torch/torch.h shared by every target that uses LibTorch: each file that
# includes it otherwise spends ~11 s parsing it. The owner is a tiny library so that the
# flags the header is compiled with are the same for everyone who reuses it.
if(TLB_PCH AND NOT TARGET tlb_torch_pch)
  add_library(tlb_torch_pch STATIC "${PROJECT_SOURCE_DIR}/cmake/torch_pch.cpp")
  target_link_libraries(tlb_torch_pch PUBLIC ${TORCH_LIBRARIES})
  tlb_target_defaults(tlb_torch_pch)
  target_precompile_headers(tlb_torch_pch PRIVATE <torch/torch.h>)
endif()

# Makes `target` (which must link LibTorch) compile with the shared precompiled header.
function(tlb_use_torch_pch target)
  if(TLB_PCH)
    target_precompile_headers(${target} REUSE_FROM tlb_torch_pch)
  endif()
endfunction()
