"""Calls that fetch data, models or code at run time, and the ways a fetch is pinned or verified.

Judged by the name a call resolves to: ``pd.read_csv(url)`` reads from the
internet when its first argument is (or names a variable holding) a URL;
``urlretrieve``, ``hf_hub_download`` or the Kaggle API always download.
Models and corpora fetched by name (``from_pretrained("bert-base-uncased")``,
``nltk.download("punkt")``) change under the same name unless a revision is
given; results from a hosted model service (OpenAI, Anthropic...) depend on
a model its provider may change.
"""

from __future__ import annotations

import re

from tension_points.audit.parse.python import Call, Value

URL = re.compile(r"^(?:https?|ftp|s3|gs|hf)://")
# Always a download, whatever the arguments.
DOWNLOAD_CALLS = re.compile(
    r"^(?:urllib\.request\.urlretrieve|urllib\.urlretrieve|wget\.download|gdown\.download(?:_folder)?"
    r"|(?:tensorflow\.)?keras\.utils\.get_file|(?:tensorflow\.)?keras\.utils\.data_utils\.get_file"
    r"|torchvision\.datasets\.utils\.download(?:_url|_and_extract_archive|_file_from_google_drive)"
    r"|torch\.hub\.download_url_to_file|huggingface_hub\.(?:hf_hub_download|snapshot_download)|pooch\.retrieve"
    r"|opendatasets\.download|zenodo_get\.\w+|kagglehub\.\w*download\w*"
    r"|sklearn\.datasets\.fetch_\w+|tensorflow_datasets\.load|datasets\.load_dataset)$"
    r"|(?:^|\.)(?:competition_download_files?|dataset_download_files?|dataset_download_file|kernels_pull)$")
# Read from the first argument, which may be a URL.
READERS = re.compile(r"^(?:pandas\.read_\w+|numpy\.(?:loadtxt|genfromtxt|load)|polars\.read_\w+|geopandas\.read_file"
                     r"|urllib\.request\.urlopen|requests\.get|httpx\.get|xarray\.open_dataset|dask\.dataframe\.read_\w+)$")
# Keyword arguments that carry a checksum the download is checked against.
HASH_KEYWORDS = frozenset({"known_hash", "file_hash", "md5", "sha256", "hash_prefix", "checksum", "hash", "md5_hash",
                           "expected_hash", "sha1"})
# Models and corpora fetched by name, and the keyword that pins a revision (None: nothing can).
BY_NAME = (
    (re.compile(r"(?:^|\.)from_pretrained$"), "revision", "a pretrained model"),
    (re.compile(r"^sentence_transformers\.SentenceTransformer$"), "revision", "a pretrained model"),
    (re.compile(r"^transformers\.pipeline$"), "revision", "a pretrained model"),
    (re.compile(r"^huggingface_hub\.(?:hf_hub_download|snapshot_download)$"), "revision", "a file from the Hugging Face hub"),
    (re.compile(r"^datasets\.load_dataset$"), "revision", "a dataset from the Hugging Face hub"),
    (re.compile(r"^nltk\.download$"), None, "an NLTK corpus or model"),
    (re.compile(r"^spacy\.(?:cli\.)?download$"), None, "a spaCy model"),
    (re.compile(r"^torch\.hub\.load$"), None, "a model from a repository's branch"),
    (re.compile(r"^tensorflow_hub\.(?:load|KerasLayer)$"), None, "a TensorFlow Hub model"),
    (re.compile(r"^gensim\.downloader\.load$"), None, "a gensim model or corpus"),
)
HOSTED_SERVICES = re.compile(r"(?:^|\.)(?:chat\.completions\.create|completions\.create|messages\.create|ChatCompletion\.create"
                             r"|Completion\.create|generate_content)$")
HOSTED_CLIENT_MODULES = ("openai", "anthropic", "cohere", "google.generativeai", "mistralai", "groq", "together", "replicate")
MOVING_REFERENCE = re.compile(r"/(?:master|main|develop|dev|HEAD|latest)/|[?&]ref=(?:master|main)\b|/raw/(?:master|main)/"
                              r"|/blob/(?:master|main)/|/archive/(?:refs/heads/)?(?:master|main)\.")


def url_of(value: Value | None, assignments: dict[str, Value]) -> str | None:
    """The URL an argument holds: a string, an f-string starting with one, or a variable assigned one."""
    if value is None:
        return None
    if value.kind == "name" and value.name in assignments:
        value = assignments[value.name]
    text = value.text
    return text if text is not None and URL.match(text) else None


# Downloads whose address is an argument: with an address the code does not give (a parameter, a user's input),
# they are a tool fetching what it is told, not data the project depends on, and no checksum could be known.
BY_ADDRESS = re.compile(r"(?:^|\.)(?:urlretrieve|wget\.download|gdown\.download|get_file|download_url|download_and_extract_archive"
                        r"|download_url_to_file|pooch\.retrieve)$")


def download(name: str, call: Call, assignments: dict[str, Value]) -> str | None:
    """Where a call downloads from ("" when it does not say), or None when it downloads nothing."""
    if DOWNLOAD_CALLS.search(name):
        addresses = [url_of(value, assignments) for value in (*call.args, *(v for _, v in call.keywords))]
        known = next((address for address in addresses if address), None)
        if known is None and BY_ADDRESS.search(name):
            return None
        return known or ""
    if READERS.match(name):
        return url_of(call.argument(0, "url"), assignments) or url_of(call.argument(0, "filepath_or_buffer"), assignments)
    return None


def checked_by_keyword(call: Call) -> bool:
    return any(key in HASH_KEYWORDS and not value.is_none for key, value in call.keywords)


def fetched_by_name(name: str, call: Call) -> str | None:
    """What an unpinned fetch by name gets ("a pretrained model"), or None when it is pinned or is not one."""
    for pattern, keyword, what in BY_NAME:
        if pattern.search(name):
            if name.endswith("from_pretrained") and not _names_a_hub_model(call):
                return None  # a folder on disk: nothing fetched
            if keyword is not None and call.keyword(keyword) is not None and not call.keyword(keyword).is_none:
                return None
            if name == "torch.hub.load":
                repository = call.argument(0, "repo_or_dir")
                if repository is not None and repository.text and ":" in repository.text:
                    return None  # owner/repo:v1.0 names a tag
            return what
    return None


def _names_a_hub_model(call: Call) -> bool:
    first = call.argument(0, "pretrained_model_name_or_path")
    text = first.text if first is not None else None
    if text is None:
        return True  # a variable: it may well name a model on the hub
    return not text.startswith((".", "/", "~")) and not text.endswith((".bin", ".pt", ".pth", ".h5", ".safetensors"))


def hosted_service(name: str, imported: set[str]) -> bool:
    """A call to a hosted model's API: by its module, or by a client's method in a file that imports one."""
    if name.startswith(tuple(f"{module}." for module in HOSTED_CLIENT_MODULES)) and name.endswith(".create"):
        return True
    return bool(HOSTED_SERVICES.search(name)) and any(module.split(".")[0] in imported for module in HOSTED_CLIENT_MODULES)
