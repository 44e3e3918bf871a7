"""Reading rendered PDFs back with poppler (pdftotext, pdffonts, pdfinfo) and pypdf."""
import re
import subprocess
from pathlib import Path

from portal.records import storage


def pdf_path(edition) -> Path:
    return storage.path_for(edition.file.sha256)


def text(path, first=None, last=None) -> str:
    args = ["pdftotext", "-enc", "UTF-8"]
    if first:
        args += ["-f", str(first), "-l", str(last or first)]
    out = subprocess.run([*args, str(path), "-"], capture_output=True, check=True).stdout
    return out.decode("utf-8")


def flat(value: str) -> str:
    """Whitespace and bidi marks removed, so a phrase broken over lines still matches."""
    return re.sub(r"[\s\u200e\u200f\u202a-\u202e\u2066-\u2069]+", "", value)


def pages(path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True,
                          check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))


def fonts(path) -> list[dict]:
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True,
                         check=True).stdout.splitlines()[2:]
    rows = []
    for line in out:
        # name type... emb sub uni object ID: the flags are the 5th to 3rd from the end.
        parts = line.split()
        rows.append({"name": parts[0], "embedded": parts[-5] == "yes",
                     "subset": parts[-4] == "yes"})
    return rows
