"""Two-letter subject codes shown by paper-listing sites -> full arXiv categories.

Listing pages print only the subject part of the primary category ("CL", "AS"). arXiv reuses
subject letters across archives (cs.CV / math.CV, cs.SY / eess.SY, stat.AP / math.AP), so the
archive has to be chosen. These pages list computer-science papers, so a clash is resolved toward
cs, then eess, then stat. Checked against the seed list's real arXiv metadata: AS is eess.AS,
SD is cs.SD (there is no eess.SD), SY is eess.SY (cs.SY is its alias). A code whose archives
clash with no cs/eess reading (AP, CO, PR, ST, ...) is left unresolved rather than guessed.
"""
from __future__ import annotations

__all__ = ["AMBIGUOUS_CODES", "CODE_TO_CATEGORY", "to_arxiv_category"]

_CS = [
    "AI", "AR", "CC", "CE", "CG", "CL", "CR", "CV", "CY", "DB", "DC", "DL", "DM", "DS", "ET", "FL", "GL",
    "GR", "GT", "HC", "IR", "IT", "LG", "LO", "MA", "MM", "MS", "NA", "NE", "NI", "OH", "OS", "PF", "PL",
    "RO", "SC", "SD", "SE", "SI",
]

CODE_TO_CATEGORY: dict[str, str] = {code: f"cs.{code}" for code in _CS}
CODE_TO_CATEGORY.update({
    # eess: AS/IV/SP have no cs twin (SP clashes only with math.SP); SY is canonical in eess
    "AS": "eess.AS", "IV": "eess.IV", "SP": "eess.SP", "SY": "eess.SY",
    # stat and math subjects whose letters no other archive uses
    "ML": "stat.ML", "ME": "stat.ME",
    "AC": "math.AC", "AG": "math.AG", "AT": "math.AT", "CA": "math.CA", "CT": "math.CT",
    "DG": "math.DG", "FA": "math.FA", "GM": "math.GM", "HO": "math.HO", "KT": "math.KT",
    "MG": "math.MG", "MP": "math.MP", "NT": "math.NT", "OA": "math.OA", "OC": "math.OC",
    "QA": "math.QA", "RA": "math.RA", "RT": "math.RT", "SG": "math.SG",
    # q-bio, q-fin and econ subjects with unique letters
    "BM": "q-bio.BM", "CB": "q-bio.CB", "MN": "q-bio.MN", "NC": "q-bio.NC", "PE": "q-bio.PE",
    "QM": "q-bio.QM", "TO": "q-bio.TO",
    "CP": "q-fin.CP", "MF": "q-fin.MF", "PM": "q-fin.PM", "RM": "q-fin.RM", "TR": "q-fin.TR",
    "EM": "econ.EM",
})

# Letters shared by archives none of which is cs or eess: refuse to pick one.
AMBIGUOUS_CODES: dict[str, tuple[str, ...]] = {
    "AP": ("stat.AP", "math.AP"),
    "CO": ("stat.CO", "math.CO"),
    "PR": ("math.PR", "q-fin.PR"),
    "ST": ("math.ST", "q-fin.ST"),
    "GN": ("math.GN", "q-bio.GN", "q-fin.GN", "econ.GN"),
    "OT": ("stat.OT", "q-bio.OT"),
    "TH": ("stat.TH", "econ.TH"),
}


def to_arxiv_category(code: str) -> str:
    """``"CL"`` -> ``"cs.CL"``; a full category (``"eess.AS"``) is returned as is; ``""`` if unknown."""
    code = code.strip()
    if "." in code:
        return code
    return CODE_TO_CATEGORY.get(code.upper(), "")
