import torch
from torch import load as torch_load


def cases(path, flag, model):
    # ruleid: torch-load-unsafe
    torch.load(path)
    # ruleid: torch-load-unsafe
    model.load_state_dict(torch_load(path, map_location="cpu"))
    # ruleid: torch-load-unsafe
    torch.load(
        path,
        weights_only=False,
    )
    # ok: torch-load-unsafe
    torch.load(path, weights_only=True)
    # ok: torch-load-unsafe
    torch.load(path, weights_only=flag)
    # ok: torch-load-unsafe
    torch.jit.load(path)
    # ok: torch-load-unsafe
    torch.load(path, **model)
    # ok: torch-load-unsafe
    torch.load(path)  # nosec B614


def _advised_fix_torch_load_unsafe(path):
    import torch

    # fix: torch-load-unsafe
    return torch.load(path, weights_only=True, map_location="cpu")
