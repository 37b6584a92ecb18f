"""Chemical formulas and a physics formula, said as a scientist reads them:

* **chemical formulas**: each element's symbol spelled, each count a number: "H2SO4" -> "H two
  S O four" (it was "H two SO four": "SO" is a word in capitals), "CaCO3" -> "C a C O three",
  "NaHCO3", "C6H12O6" -> "C six H twelve O six"; a token is a formula when it is made of element
  symbols only, two at least, with a count of one or two digits ("CO2", "SO2", "H2O2"; in
  mixed case three symbols or a count inside: "CaCO3", "Na2CO3"), or is one of a few common
  ones of two symbols ("NaCl" -> "N a C l", "HCl", "NaOH", "SiO2"). Not a lone element with its
  count ("O2", "B12", "No1"), nor a name, a code or a model ("McCain", "NaN", "GaN2", "WW2"
  is World War two, "PS5" is "P S five" anyway, "PM2.5", "A4": "A" is no element);
* **E = mc²**: a product of two letters after an equals sign, before a power, is two variables
  ("E = mc^2" -> "E = m c^2", "m c squared"; "ab²" elsewhere stays a name's "ab squared").

:data:`FORMULA_RULES` run with the early abbreviation rules of :mod:`yuyin.text._words`
(after "Fe2O3" and "CO2e" were spelled from their table, before "^2" is said). Each pattern
starts with a consumed character that no other of its class precedes, so each pass is linear.
"""

from __future__ import annotations

import re

from yuyin.text import _verbalize as v
from yuyin.text._semiotic import Rule, _padded, regex_rule
from yuyin.text._tables import _word_set

__all__ = ["FORMULA_RULES", "ELEMENTS"]

ELEMENTS = _word_set(
    """
    H He Li Be B C N O F Ne Na Mg Al Si P S Cl Ar K Ca Sc Ti V Cr Mn Fe Co Ni Cu Zn Ga Ge As Se
    Br Kr Rb Sr Y Zr Nb Mo Tc Ru Rh Pd Ag Cd In Sn Sb Te I Xe Cs Ba La Ce Pr Nd Pm Sm Eu Gd Tb
    Dy Ho Er Tm Yb Lu Hf Ta W Re Os Ir Pt Au Hg Tl Pb Bi Po At Rn Fr Ra Ac Th Pa U Np Pu Am Cm
    Bk Cf Es Fm Md No Lr
    """
)
# common formulas in mixed case of two symbols, spelled as the others ("NaCl", "HCl", "SiO2"):
# a general rule would take names ("McCoy": Mc, Co, Y; "GaN2") and words of code ("NaN")
_LISTED = _word_set(
    """
    NaCl HCl NaOH KOH KCl HBr NaF CaO MgO AgCl NaBr KBr LiCl CuO ZnO FeS LiOH NaClO HClO
    NaCN KCN CuS ZnS PbS SiC GaAs InP HgO SiO2 TiO2 MnO2 SnO2 ZrO2 CeO2 PbO2 CaCl2 MgCl2
    ZnCl2 CuCl2 FeCl2 FeCl3 AlCl3 CaF2 MgF2 NaN3 LiF
    """
)
_MIXED_CASE_SYMBOLS = 3  # a formula in mixed case not listed: "CaCO3", "NaHCO3", "KMnO4"
# an element's symbol and its count; a formula is a run of them (two at least) in one token
_PART = re.compile(r"(?P<symbol>[A-Z][a-z]?)(?P<count>[1-9][0-9]?)?")
_FORMULA = re.compile(r"[A-Z](?<![\w'\-.$/][A-Z])[A-Za-z0-9]{1,23}(?![\w'\-]|\.[0-9])")


def _parts(token: str) -> list[tuple[str, str]] | None:
    """ "H2SO4" -> [("H", "2"), ("S", ""), ("O", "4")]; None unless the whole token is element
    symbols and counts (a two-letter symbol where one is: "Co" of "CoCl2", not "C o")."""
    parts, at = [], 0
    while at < len(token):
        m = _PART.match(token, at)
        if m is None:
            return None
        symbol = m["symbol"]
        if symbol not in ELEMENTS:
            return None
        parts.append((symbol, m["count"] or ""))
        at = m.end()
    return parts


def _shaped_like_formula(token: str, parts: list[tuple[str, str]]) -> bool:
    """A count, and in mixed case three symbols or a count inside: "CO2", "H2SO4", "CaCO3",
    "Na2CO3"; not "HIS", "McCoy" (letters only) nor a name with a number, "GaN2" ("SiO2" is
    listed)."""
    if not any(count for _, count in parts):
        return False
    if token.isupper():  # "H2SO4", "NO2"
        return True
    return len(parts) >= _MIXED_CASE_SYMBOLS or any(count for _, count in parts[:-1])


def _formula(m: re.Match[str]) -> str:
    """ "H2SO4" -> "H two S O four", "NaCl" -> "N a C l" (the module doc); else as written."""
    token = m.group(0)
    parts = _parts(token)
    if parts is None or len(parts) < 2:
        return token
    if token not in _LISTED and not _shaped_like_formula(token, parts):
        return token
    said = []
    for symbol, count in parts:
        said.append(" ".join(symbol))
        if count:
            said.append(v.cardinal(int(count)))
    return _padded(m, " ".join(said))


# "E = mc^2" -> "E = m c^2": two variables after an equals sign, before a power ("=" or the
# word, as the arithmetic rules leave it)
_PRODUCT_POWER = re.compile(r"(?:(?<==)|(?<== )|(?<=equals ))(?P<a>[a-z])(?P<b>[a-z])(?=\^[0-9])")

FORMULA_RULES: tuple[Rule, ...] = (
    regex_rule(_FORMULA, _formula),
    regex_rule(_PRODUCT_POWER, lambda m: f"{m['a']} {m['b']}"),
)
