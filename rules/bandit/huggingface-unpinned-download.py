from datasets import load_dataset
from huggingface_hub import hf_hub_download, snapshot_download
from transformers import AutoModel, AutoTokenizer


def cases(model_dir, pinned, **kwargs):
    # ruleid: huggingface-unpinned-download
    AutoModel.from_pretrained("org/model")
    # ruleid: huggingface-unpinned-download
    AutoTokenizer.from_pretrained("org/model", revision="main")
    # ruleid: huggingface-unpinned-download
    AutoModel.from_pretrained(
        "org/model",
        trust_remote_code=True,
    )
    # ruleid: huggingface-unpinned-download
    load_dataset("org/dataset", revision="v1.0")
    # ruleid: huggingface-unpinned-download
    hf_hub_download(repo_id="org/model", filename="model.safetensors")
    # ruleid: huggingface-unpinned-download
    snapshot_download(repo_id="org/model")
    # ok: huggingface-unpinned-download
    AutoModel.from_pretrained("org/model", revision="6c0e6080953db56375760c0471a8c5f2929baf11")
    # ok: huggingface-unpinned-download
    AutoModel.from_pretrained("org/model", revision=pinned)
    # ok: huggingface-unpinned-download
    AutoModel.from_pretrained("./checkpoints/model")
    # ok: huggingface-unpinned-download
    AutoModel.from_pretrained("org/model", **kwargs)
    # ruleid: huggingface-unpinned-download
    AutoModel.from_pretrained(model_dir)
    # ok: huggingface-unpinned-download
    AutoModel.from_pretrained("/srv/models/bert")
    # ok: huggingface-unpinned-download
    AutoModel.from_pretrained("org/model")  # nosec B615


def _advised_fix_huggingface_unpinned_download():
    from transformers import AutoModel

    # fix: huggingface-unpinned-download
    return AutoModel.from_pretrained("org/model", revision="6c0e6080953db56375760c0471a8c5f2929baf11")
