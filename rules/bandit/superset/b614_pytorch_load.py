# Bandit 1.8+ (B614); the installed Bandit may not run it.
import torch


def restore(path, model):
    # ruleid: torch-load-unsafe -- Bandit B614
    state = torch.load(path)
    # ruleid: torch-load-unsafe -- Bandit B614
    legacy = torch.load(path, weights_only=False)
    safe = torch.load(path, weights_only=True)
    model.load_state_dict(state)
    return legacy, safe
