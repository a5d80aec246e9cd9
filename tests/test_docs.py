"""Every relative link in the README and docs/ points at a file inside the repository.

(A clone has no ../shared/; public web references such as the tus spec are fine.)
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LINK = re.compile(r"\]\(([^)\s]+)\)")


def test_doc_links_stay_inside_the_repository():
    bad = []
    for md in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        for target in LINK.findall(md.read_text(encoding="utf-8")):
            if target.startswith(("http://", "https://", "mailto:", "#")):
                continue
            path = (md.parent / target.split("#", 1)[0]).resolve()
            if not path.is_relative_to(ROOT):
                bad.append((md.name, target, "leaves the repository"))
            elif not path.exists():
                bad.append((md.name, target, "missing"))
    assert bad == []
