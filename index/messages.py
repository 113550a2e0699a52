"""English wording of engine errors, as the CLI and the logs show them (with the operator's hints).

The bot words the same kinds for members in their language (`bot/messages.py`); an
unknown kind falls back to its name and arguments, so a new error is never silent.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from index.errors import FrontlineError

ENGLISH: dict[str, str] = {
    # questions
    "question_empty": "the question is empty: ask in words, e.g. 'how many people crossed into Finland?'",
    # the index
    "index_not_found": "no index at {path} (create one with: frontline index add PATH --index {path})",
    "index_busy": "index {path} is being written by {holder}; try again when it finishes",
    "index_old_format": "index {path} was written by an older Frontline; run `frontline index upgrade --index {path}` "
    "(keeps every article; nothing is embedded again)",
    "index_corrupt": "index {path} ({generation}) cannot be read: {reason}; run `frontline index check` / `repair`",
    "model_mismatch": (
        "index {path} was built with model {built!r}, not {requested!r}; "
        "use --model {built} (or FRONTLINE_MODEL) or a new --index folder"
    ),
    "index_unwritable": "cannot write index {path}: {reason} (check the folder's owner and permissions)",
    "path_unusable": "cannot read or write {path}: {reason} (check the owner and permissions of the folder)",
    "vector_store_unreachable": (
        "cannot reach the {backend} vector store at {uri}: {reason} (is it running? Milvus Lite files open in "
        "one process at a time; check FRONTLINE_MILVUS_URI / FRONTLINE_MILVUS_TOKEN)"
    ),
    "backend_mismatch": (
        "index {path} keeps its vectors in {recorded}, not {requested}: to move it, "
        "`frontline index export -o corpus.jsonl` then `frontline index import corpus.jsonl --index NEW --backend "
        "{requested}` (or `frontline index repair --backend {requested}`, which rebuilds it in place)"
    ),
    "ray_missing": "FRONTLINE_RAY_ADDRESS is {address}, but Ray is not installed: pip install 'frontline[ray]'",
    "ray_failed": "embedding on the Ray cluster at {address} failed: {reason} (is `ray start` running there?)",
    "vector_store_unconfigured": "the index keeps its vectors in {backend}: set {setting} (see .env.example)",
    "remote_index_missing": (
        "no index is published as {name!r} in Milvus at {uri}: on the writer's machine set "
        "FRONTLINE_MILVUS_INDEX={name} and run `frontline index publish` (each later write publishes itself)"
    ),
    "remote_index_unconfigured": (
        "FRONTLINE_READ_FROM=milvus reads a published index: set FRONTLINE_MILVUS_URI and {setting} (see .env.example)"
    ),
    "index_read_only": (
        "this process reads the index {name!r} from Milvus (FRONTLINE_READ_FROM=milvus): write on the writer's "
        "machine, which holds the index folder and publishes each commit"
    ),
    "publish_failed": (
        "the write is committed in the index folder, but publishing it as {name!r} failed ({reason}); readers "
        "show the last published commit until `frontline index publish` (or the next write) succeeds"
    ),
    "publish_diverged": (
        "nothing was published: Milvus shows readers commit {published} of {name!r}, which this index folder "
        "did not make (its latest commit is {latest}; restored from a backup, or another writer under that "
        "name?). A write stays committed in the folder; `frontline index repair` rebuilds the folder's index "
        "and publishes it whole, and readers follow it"
    ),
    "publish_value_too_long": (
        "article {article!r} has a {field} of {size:,} bytes, more than Milvus holds ({limit:,}), so nothing was "
        "published: remove it (`frontline index remove ID`) or add it again with a shorter {field}, then "
        "`frontline index publish`"
    ),
    "publish_needs_milvus": (
        "index {path} keeps its vectors in {backend}: only an index on the milvus backend can be published "
        "(unset FRONTLINE_MILVUS_INDEX, or move it: `frontline index import ... --backend milvus`)"
    ),
    "no_readable_store": "no readable article store in any generation of {path}; re-add the sources",
    "article_not_found": "no article with id {id!r}",
    "model_unavailable": "{reason}",
    "model_not_built": (
        "the model is not built in {path} and that folder is not writable: "
        "run `frontline prepare` as a user who may write it (the Docker image does at build time)"
    ),
    "model_will_build": "the model is not built yet in {path}; the first start builds it (a few minutes)",
    "folder_not_writable": "{path} is not writable by this user: it holds {purpose}",
    "file_not_writable": "{path} is not writable by this user: it holds {purpose}",
    "index_empty": "no index at {path} yet: the bot starts and answers once `index add` or /reindex adds articles",
    "settings_invalid": "setting {name}: {reason}",
    "token_missing": "DISCORD_TOKEN is not set: put the bot token in the environment or .env (see .env.example)",
    "token_rejected": "DISCORD_TOKEN was rejected by Discord: check the token in the developer portal",
    "discord_unreachable": "cannot reach Discord: {reason}",
    # inputs: every one names its input first
    "input_missing": "{label}: no such file, folder or URL",
    "folder_empty": "{label}: folder holds no files",
    "file_empty": "{label}: file is empty",
    "file_too_large": "{label}: file is {size:,} bytes, over the {cap:,}-byte cap",
    "binary": "{label}: binary file, not text",
    "not_utf8": "{label}: not UTF-8 text (bad byte at offset {offset})",
    "unreadable": "{label}: cannot read ({reason})",
    "no_text": "{label}: no article text",
    "article_too_large": "{label}: article text is {size:,} bytes, over the {cap:,}-byte cap",
    "not_object": "{label}: expected a JSON object, got {type}",
    "link_outside_folder": "{label}: skipped, a link to outside the folder {folder}",
    "json_too_large": (
        "{label}: .json file is {size:,} bytes, over the {cap:,}-byte cap (write one record a line as .jsonl)"
    ),
    "line_too_large": "{label}: line is over the {cap:,}-byte cap, skipped",
    "record_too_deep": "{label}: record nested too deeply to read, skipped",
    "record_no_text": "{label}: record has no 'text'",
    "field_not_string": "{label}: field '{field}' must be a string",
    "bad_date": "{label}: cannot read the date {value!r}",
    "malformed_json": "{label}: malformed JSON ({reason} at line {line})",
    "malformed_json_line": "{label}: malformed JSON ({reason} at column {column})",
    "html_no_text": "{label}: no article text found in the HTML page",
    "url_scheme": "{label}: only http and https URLs can be fetched",
    "url_no_host": "{label}: URL has no host",
    "url_unresolvable": "{label}: cannot resolve host {host!r}",
    "url_private": (
        "{label}: refusing to fetch from non-public address {address} (allow it with FRONTLINE_FETCH_ALLOW_HOSTS)"
    ),
    "http_status": "{label}: HTTP {status}",
    "fetch_timeout": "{label}: timed out after {seconds:g} s",
    "fetch_failed": "{label}: {reason}",
    "too_many_redirects": "{label}: more than {max} redirects",
    "response_too_large": "{label}: response is over the {cap:,}-byte cap",
    "stacked_encoding": "{label}: refusing a response compressed more than once ({encodings})",
    "unsupported_encoding": "{label}: refusing a response in the {encoding!r} encoding (gzip and deflate are read)",
    "url_only": "{label}: not an http(s) URL (attach files instead)",
    "url_credentials": "{label}: URLs with a user name or password are refused",
    "upload_type": "{label}: attach a {types} file",
    "upload_too_large": "{label}: file is {size:,} bytes, over the {cap:,}-byte cap",
    "bad_date_option": "'{option}' must be a date like 2022-09-27, not {value!r}",
    "date_range_reversed": "--from {date_from} is after --to {date_to}",
    # generated answers (logged; the extractive answer is shown instead)
    "llm_busy": "the answer model is writing {limit} answers already (FRONTLINE_LLM_CONCURRENCY)",
    "llm_timeout": "the answer model did not finish within {seconds:g} s (FRONTLINE_LLM_TIMEOUT_S)",
    "llm_http_status": "the answer model's server answered HTTP {status}",
    "llm_unreachable": "cannot reach the answer model's server ({reason}); check FRONTLINE_LLM_URL",
    "llm_malformed_stream": "the answer model's stream is malformed: {reason}",
    "llm_too_long": "the answer model wrote over {limit:,} characters",
    "llm_empty": "the answer model returned no text",
    "llm_no_citation": "the generated answer cites no passage",
    "llm_unknown_citation": "the generated answer cites [{marker}], but {cited} passages were given",
    "llm_stream_error": "the answer model's server reported an error in the stream: {reason}",
    "llm_truncated": "the answer model stopped at its token limit (finish_reason: length)",
    "llm_wrong_language": "the generated answer is not written in {language}, the question's language",
    "llm_link": "the generated answer holds a link, which no answer may carry",
    "llm_invented_number": "the generated answer gives {number!r}, a number no cited passage gives",
    # evaluation sets (CLI only)
    "questions_unreadable": "{label}: cannot read questions ({reason})",
    "question_record": "{label}: not a question record ({reason})",
    "no_questions": "{label}: no questions",
    "unknown_mode": "unknown mode {modes}: choose from {choices}",
    "no_questions_of_kind": "no questions of kind {kind!r}",
    "eval_index_missing": "no index at {path} for {label} (run `make eval`)",
}


def describe(error: FrontlineError) -> str:
    """The one English line for `error`."""
    template = ENGLISH.get(error.kind)
    if template is not None:
        try:
            return template.format(**error.details)
        except (KeyError, IndexError, ValueError):
            pass  # a template and its raise site disagree: still say something useful
    args = ", ".join(f"{key}={value}" for key, value in error.details.items())
    return f"{error.kind} ({args})" if args else error.kind
