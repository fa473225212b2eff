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

from tension_points.audit.parse.commands import MOVING_BRANCHES
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
                     r"|urllib\.request\.urlopen|urllib2\.urlopen|urllib\.urlopen|requests\.get|requests\.Session\(\)\.get"
                     r"|requests\.session\(\)\.get|httpx\.get|xarray\.open_dataset|dask\.dataframe\.read_\w+)$")
# HTTP getters: a download of data when the address names a file or its answer is saved or read as a table; a call to
# a live API or a web page otherwise (a checksum cannot apply to content that changes by design).
HTTP_GETTERS = re.compile(r"(?:urlopen|requests\.get|Session\(\)\.get|session\(\)\.get|httpx\.get)$")
DATA_FILE = re.compile(r"\.(?:csv|tsv|txt|json|jsonl|xml|xlsx?|parquet|feather|h5|hdf5|npz|npy|pkl|pickle|zip|gz|bz2|xz|tar|tgz|7z"
                       r"|data|dat|mat|nc|sav|dta|arff|weights|pt|pth|ckpt|bin|onnx|h5ad|db|sqlite|shp|geojson|tif|tiff|jpg|png)"
                       r"(?:[?#]|$)|[?&](?:format|export)=(?:csv|tsv|xlsx?|json)|export=download|docs\.google\.com/uc|githubusercontent\.com/|/download\b|/files?/|dl=1|drive\.google|/raw/", re.IGNORECASE)
# Library loaders that download and check the file against a checksum they carry (scikit-learn's fetchers keep a
# SHA-256 per file, OpenML's an MD5, Keras' datasets a file_hash, torchvision's an MD5, TensorFlow Datasets its
# registered checksums), and those whose content is versioned by the library (Hugging Face datasets: see
# env-runtime-fetches): not a download the project must verify.
VERIFIED_LOADERS = re.compile(r"^sklearn\.datasets\.fetch_(?!mldata)\w+$|^(?:tensorflow\.)?keras\.datasets\.\w+\.load_data$"
                              r"|^torchvision\.datasets\.\w+$|^tensorflow_datasets\.load$|^datasets\.load_dataset$")
# Library calls that download data with no checksum: packages wrapping a URL, and live market or survey data
# (nothing keeps a snapshot of what was read).
UNVERIFIED_LOADERS = re.compile(r"^mnist\.(?:train|test)_(?:images|labels)$|^mnist\.(?:download_and_parse_mnist_file|fetch)$"
                                r"|^yfinance\.(?:download|Ticker)$|^pandas_datareader\.(?:data\.)?(?:DataReader|get_data_\w+)$"
                                r"|^pandas_datareader\.\w+\.\w+$|^quandl\.get$|^sklearn\.datasets\.fetch_mldata$|^wget\.download$")
SHELL_IN_PYTHON = re.compile(r"^(?:subprocess\.(?:call|run|check_call|check_output|Popen)|os\.system|os\.popen)$")
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
CODE_FILE = re.compile(r"\.(?:py|ipynb|R|r|sh|js)(?:[?#]|$)")
# A branch's name in an address (raw.githubusercontent.com/o/r/master/...). "latest" names a moving release or branch
# only on a code-hosting site (github.com/o/r/releases/latest/download/...); elsewhere /latest/ is a live service's
# current answer (an API's .../latest/ endpoint, a docs site), which is not a branch of anything.
MOVING_REFERENCE = re.compile(r"/(?:master|main|develop|dev|HEAD)/|[?&]ref=(?:master|main)\b|/raw/(?:master|main)/"
                              r"|/blob/(?:master|main)/|/archive/(?:refs/heads/)?(?:master|main)\."
                              r"|(?i:github\.com|githubusercontent\.com|gitlab\.[\w.]+|bitbucket\.org|codeberg\.org|huggingface\.co)"
                              r"/[^?#\s]{0,300}?/latest/")


def url_of(value: Value | None, assignments: dict[str, Value], depth: int = 0) -> str | None:
    """The URL an argument holds: a string, an f-string or "...".format() starting with one, a variable assigned
    one, a URL variable with something added (URL_BASE + name, template.format(...)), an entry of a dict or
    list literal holding URLs (SOURCES[name]["url"])."""
    if value is None or depth > 3:
        return None
    if value.kind in ("name", "concat", "subscript") and value.name in assignments:
        return url_of(assignments[value.name], assignments, depth + 1)
    if value.kind == "call" and value.name.endswith(".format") and value.name[:-7] in assignments:
        return url_of(assignments[value.name[:-7]], assignments, depth + 1)
    if value.kind == "container" and isinstance(value.constant, str):
        return value.constant
    text = value.text
    return text if text is not None and URL.match(text) else None


# Downloads whose address is an argument: with an address the code does not give (a parameter, a user's input),
# they are a tool fetching what it is told, not data the project depends on, and no checksum could be known.
BY_ADDRESS = re.compile(r"(?:^|\.)(?:urlretrieve|wget\.download|gdown\.download|get_file|download_url|download_and_extract_archive"
                        r"|download_url_to_file|pooch\.retrieve)$")


def saving_scopes(calls) -> set[str | None]:
    """Functions (None: the module) that open a file to write bytes: what an HTTP getter answers there is saved."""
    found = set()
    for call in calls:
        if call.name in ("open", "io.open") or call.name.endswith(".open"):
            mode = call.argument(1, "mode")
            if mode is not None and mode.text and "w" in mode.text and "b" in mode.text:
                found.add(call.scope)
    return found


def download(name: str, call: Call, assignments: dict[str, Value], helpers: dict[str, int] | None = None,
             parameters: tuple[str, ...] = (), saving: set | frozenset = frozenset()) -> str | None:
    """Where a call downloads from ("" when it does not say), or None when it downloads nothing. ``helpers``: the
    project's functions that download the address given as their argument (``def download(url): urlretrieve(url)``);
    ``parameters``: those of the function the call is in, whose names hide the module's variables."""
    if parameters and any(v.kind in ("name", "concat", "subscript") and v.name.split(".")[0] in parameters
                          for v in (*call.args[:1], *(v for _, v in call.keywords))):
        assignments = {key: value for key, value in assignments.items() if key not in parameters}
    if UNVERIFIED_LOADERS.match(name):
        return url_of(call.argument(0, "url"), assignments) or ""
    if VERIFIED_LOADERS.match(name):
        return None
    if DOWNLOAD_CALLS.search(name):
        addresses = [url_of(value, assignments) for value in (*call.args, *(v for _, v in call.keywords))]
        known = next((address for address in addresses if address), None)
        if known is None and BY_ADDRESS.search(name):
            return None
        return known or ""
    head = name.rpartition(".")[0]
    if name.endswith(".get") and head in assignments and assignments[head].kind == "call" and \
            assignments[head].name.rsplit(".", 1)[-1] in ("Session", "session"):
        name = "requests.Session().get"  # session = requests.Session(); session.get(URL)
    if READERS.match(name):
        address = url_of(call.argument(0, "url"), assignments) or url_of(call.argument(0, "filepath_or_buffer"), assignments)
        if address and HTTP_GETTERS.search(name) and not DATA_FILE.search(address) and not MOVING_REFERENCE.search(address) \
                and call.scope not in saving:
            return None  # an API or a web page: live content, not a data file
        return address
    if SHELL_IN_PYTHON.match(name) and call.args:
        first = call.args[0]
        if first.kind == "name":  # cmd = ['curl', url, '-o', path]; subprocess.call(cmd) (cmd assigned more than once)
            held = assignments.get(f"{first.name}#all")
            first = next((v for v in (held.constant if held else ()) if _fetching(v)), assignments.get(first.name, first))
        words = [v.text or "" for v in first.constant] if first.kind == "sequence" else (first.text or "").split()
        if words and words[0] in ("curl", "wget", "aria2c"):
            return next((url_of(v, assignments) for v in first.constant if url_of(v, assignments)), "") \
                if first.kind == "sequence" else next((w for w in words if URL.match(w)), "")
        return None
    if helpers and name in helpers:
        return url_of(call.argument(helpers[name], ""), assignments)
    return None


def _fetching(value: Value) -> bool:
    words = [v.text or "" for v in value.constant] if value.kind == "sequence" else (value.text or "").split()
    return bool(words) and words[0] in ("curl", "wget", "aria2c")


def download_helpers(functions, calls, assignments) -> dict[str, int]:
    """The module's functions that download the address passed to them: name -> the argument's position."""
    helpers: dict[str, int] = {}
    by_scope: dict[str, list[Call]] = {}
    for call in calls:
        if call.scope in functions:
            by_scope.setdefault(call.scope, []).append(call)
    for scope, inner in by_scope.items():
        parameters = functions[scope].parameters
        for call in inner:
            if not (DOWNLOAD_CALLS.search(call.name) or READERS.match(call.name) or call.name.endswith(("urlretrieve", "urlopen"))
                    or re.search(r"(?:^|\.)(?:requests|session|httpx|Session\(\))\.get$", call.name)):
                continue
            first = call.argument(0, "url")
            if first is not None and first.kind in ("name", "concat") and first.name in parameters:
                helpers[scope] = parameters.index(first.name) - (1 if parameters[:1] == ("self",) else 0)
                break
    return helpers


def checked_by_keyword(call: Call) -> bool:
    return any(key in HASH_KEYWORDS and not value.is_none for key, value in call.keywords)


def fetched_by_name(name: str, call: Call) -> str | None:
    """What an unpinned fetch by name gets ("a pretrained model"), or None when it is pinned or is not one."""
    for pattern, keyword, what in BY_NAME:
        if pattern.search(name):
            if name.endswith("from_pretrained") and not _names_a_hub_model(call):
                return None  # a folder on disk: nothing fetched
            if name == "datasets.load_dataset" and _local_dataset(call):
                return None  # load_dataset("csv", data_files=...): a builder shipped with the library, over local files
            if keyword is not None and call.keyword(keyword) is not None and not call.keyword(keyword).is_none:
                return None
            if name == "torch.hub.load":
                repository = call.argument(0, "repo_or_dir")
                if repository is not None and repository.text and ":" in repository.text \
                        and repository.text.rsplit(":", 1)[1] not in MOVING_BRANCHES:
                    return None  # owner/repo:v1.0 names a tag (owner/repo:main a branch that moves)
            return what
    return None


# The builders the datasets library ships (they read files given to them, nothing from the hub).
PACKAGED_BUILDERS = frozenset({"csv", "json", "parquet", "text", "arrow", "pandas", "imagefolder", "audiofolder",
                               "videofolder", "webdataset", "sql", "generator", "xml"})


def _local_dataset(call: Call) -> bool:
    first = call.argument(0, "path")
    text = first.text if first is not None else None
    return text is not None and (text in PACKAGED_BUILDERS or text.startswith((".", "/", "~")))


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
