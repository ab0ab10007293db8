// Owner of the precompiled torch/torch.h (see TlbTorchPch.cmake); it defines nothing.
