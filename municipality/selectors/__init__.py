"""Every non-trivial read of the kernel, one module per concern."""
