# Bandit 1.8.5+ (B615); the installed Bandit may not run it.
from huggingface_hub import hf_hub_download
from transformers import AutoModel


def fetch():
    # ruleid: huggingface-unpinned-download -- Bandit B615
    model = AutoModel.from_pretrained("org/model")
    # ruleid: huggingface-unpinned-download -- Bandit B615
    weights = hf_hub_download(repo_id="org/model", filename="model.bin", revision="main")
    pinned = AutoModel.from_pretrained("org/model", revision="5d0f2e8a1b3c4d5e6f708192a3b4c5d6e7f80912")
    return model, weights, pinned
