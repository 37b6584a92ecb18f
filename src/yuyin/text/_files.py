"""File names, dotfiles and letter-dot-number codes, as programmers say them.

* **file names** with a known extension: "config.yaml" -> "config dot yaml", "setup.py" ->
  "setup dot py", "report.pdf" -> "report dot P D F" (an extension without a vowel is spelled);
  the dot was a sentence's stop to the phonemizer; an underscore is said, as in paths and
  e-mail addresses ("report_final_v2.docx" -> "report underscore final underscore v2 dot ...");
* **dotfiles**: "the .gitignore file" -> "the dot gitignore file" (was "the.gitignore"),
  "the .env.example file" -> "the dot env dot example file";
* **codes of a capital, a dot and a number**: "H.264" -> "H two sixty-four", "M.2" -> "M two"
  (was "H.two hundred sixty-four");
* **key combinations**: "Ctrl+Alt+Del" -> "Control plus Alt plus Delete", "Cmd+Shift+4" (a
  key's short name said whole only in a combination: "Del" alone stays);
* **Unix paths** of two parts or more from the root: "/etc/nginx/nginx.conf" -> "slash etc
  slash nginx slash nginx dot conf" (the slashes were silent), and from the home or the current
  folder: "~/.config/app/settings.json" -> "tilde slash dot config slash app slash settings dot
  json", "./configure" -> "dot slash configure", "../app.yaml";
* **menu paths**: "Tap Settings > Privacy > Location Services" -> "Tap Settings, then Privacy,
  then Location Services" (two ">" at least between items in Title Case near a word of menus,
  "Tap", "Click", "Settings" ...; it was "greater than").
"""

from __future__ import annotations

import re

from yuyin.text._ranges import in_pairs
from yuyin.text._semiotic import Rule, _padded, regex_rule

__all__ = ["FILE_RULES"]

_EXTENSIONS = (
    "yaml|yml|json|jsonl|toml|ini|cfg|conf|xml|csv|tsv|txt|md|rst|log|lock|env|py|ipynb|js|mjs"
    "|ts|tsx|jsx|html|htm|css|scss|sh|bash|zsh|ps1|bat|exe|dll|so|dylib|zip|tar|gz|tgz|bz2|xz"
    "|rar|7z|pdf|doc|docx|xls|xlsx|ppt|pptx|odt|png|jpg|jpeg|gif|svg|webp|bmp|tif|tiff|mp3|mp4"
    "|wav|flac|ogg|mkv|mov|avi|rs|go|java|kt|c|h|cpp|hpp|cc|cs|rb|php|sql|db|sqlite|iso|img|apk"
    "|dmg|deb|rpm|whl|jar|wasm|onnx|pt|pth|safetensors|ckpt|bin|dat|npy|npz|pkl|parquet|srt|vtt"
)
_VOWELS = frozenset("aeiouy")
_FILE_NAME = re.compile(
    rf"(?P<stem>(?<![\w.@/\-])[A-Za-z_][\w\-]*)\.(?P<ext>{_EXTENSIONS})(?![\w]|\.[\w])"
)
_DOTFILE = re.compile(
    r"(?:(?<=\s)|(?<=^)|(?<=~/)|(?<=/))\.(?P<name>[a-z][\w\-]{1,30})"
    r"(?P<more>(?:\.[a-z][\w\-]{0,15}){0,3})(?![\w]|\.\w)"
)
_LETTER_CODE = re.compile(r"(?P<letter>[A-Z])(?<![\w.][A-Z])\.(?P<num>[0-9]{1,3})(?![\w]|\.[0-9])")


def _extension(ext: str) -> str:
    return ext if _VOWELS.intersection(ext) else " ".join(ext.upper())


# extensions that are common words too, glued to a word after a stop in chat ("ok.so what",
# "lol.go home"): a file only where the stem looks like one (a digit, "_", "-", a capital after
# the first letter, "lib...", a usual file stem) or a word of files is near
_WORD_EXTENSIONS = frozenset({"so", "go"})
_FILE_STEMS = frozenset({"main", "app", "server", "client", "index", "handler", "utils", "util"})
_FILE_LIKE_STEM = re.compile(r"lib|.[\w\-]*(?:[0-9_\-]|[A-Z])")
# "ok.log off now", "fine.log in first": to log in, a stop typed without its space ("Check
# app.log in the logs folder" is a file)
_LOG_IN_AFTER = re.compile(
    r" (?:out|off|into|onto|in (?:first|now|again|please|here|there|with|to|and|or)\b"
    r"|on (?:first|now|again|please|here|there|with|to)\b|in later\b)"
)
# a dotfile after a word that takes one ("your .bashrc", "a .com domain", "as .csv", "edit
# .env"), after a path's slash, before a word of files, or named as the usual ones are; a stop
# typed with no space after it before the next word is none ("late .my mom", "soon .bye")
_DOTFILE_BEFORE = re.compile(
    r"(?:\A|[(\[\"'`]|(?<![\w])(?i:your|my|the|a|an|this|that|our|their|its|his|her|each|every"
    r"|any|some|no|to|in|into|as|from|of|with|for|at|or|and|edit|open|add|create|copy|move"
    r"|check|delete|remove|named|called|use|see|source|update|the new|a new|global|local) )\Z"
)
_DOTFILE_NAMES = re.compile(
    r"\w*rc|\w*ignore|\w*config|env|profile|bash_\w+|zsh\w*|ssh|git\w*|github|vscode|idea"
    r"|cache|venv|docker\w*|htaccess|htpasswd|netrc|pgpass|emacs\w*|devcontainer|tox|\w*_history"
    r"|\w*profile|kube|aws|com|net|org|gov|edu|io|ai|uk"
    # extensions as file types (".pdf uploads"), not those that are words of chat (".so what")
    + "|"
    + "|".join(e for e in _EXTENSIONS.split("|") if e not in _WORD_EXTENSIONS)
)
_FILE_WORD_AFTER = re.compile(r" (?:files?|folders?|directory|extension)\b")
_FILE_WORD_BEFORE = re.compile(
    r"(?i:open|opens|opened|edit|run|runs|save|saved|load|loads|delete|rename|download"
    r"|upload|attach|attached|named|called|file|see|check|install) \Z"
)


def _file_name(m: re.Match[str]) -> str:
    stem, ext, text = m["stem"], m["ext"], m.string
    if len(stem) < 2 or (ext == "log" and _LOG_IN_AFTER.match(text, m.end()) and stem.islower()):
        return m.group(0)  # "a.c.", "d.c.", "ok.log off now" (a stop typed without its space)
    if ext in _WORD_EXTENSIONS and not (
        stem in _FILE_STEMS
        or _FILE_LIKE_STEM.match(stem)
        or _FILE_WORD_AFTER.match(text, m.end())
        or _FILE_WORD_BEFORE.search(text, max(0, m.start() - 12), m.start())
    ):
        return m.group(0)
    stem = " underscore ".join(stem.split("_"))  # "report_final_v2.docx", as paths say it
    return _padded(m, f"{stem} dot {_extension(ext)}")


def _dotfile(m: re.Match[str]) -> str:
    text, start = m.string, m.start()
    if not (
        text[start - 1 : start] == "/"
        or _DOTFILE_BEFORE.search(text, max(0, start - 12), start)
        or _DOTFILE_NAMES.fullmatch(m["name"])
        or _FILE_WORD_AFTER.match(text, m.end())
        or _FILE_WORD_BEFORE.search(text, max(0, start - 12), start)
    ):
        return m.group(0)
    return "dot " + m["name"] + m["more"].replace(".", " dot ")  # ".env.example"


# --- Unix paths -----------------------------------------------------------------------------

# a path from the root of two parts or more, each part words joined by dots, dashes or "_"; the
# first part of two letters at least ("/r/aww" is said as Reddit writes it); not inside a word,
# a URL, a fraction or "and/or"
_PART = r"[\w\-]+(?:\.[\w\-]+)*"
_PATH = re.compile(
    rf"/(?<![\w.~/:@\-]/)(?P<path>[A-Za-z_.][\w\-]+(?:\.[\w\-]+)*(?:/{_PART})+)(?P<end>/)?"
    r"(?![\w/])"
)


# a path from the home folder or the current one: "~/.config/app/settings.json" -> "tilde
# slash dot config slash app slash settings dot json", "./configure", "../config/app.yaml"; not
# "~/month" after a price ("$5 ~/mo")
_RELATIVE_PATH = re.compile(
    rf"(?<![\w.~/:@\-])(?P<lead>~|\.\.?)/(?P<path>\.?[A-Za-z_][\w\-]*(?:\.[\w\-]+)*"
    rf"(?:/{_PART})*)(?P<end>/)?(?![\w/])"
)
_LEADS = {"~": "tilde", ".": "dot", "..": "dot dot"}
_NOT_HOME_PARTS = frozenset({"mo", "month", "yr", "year", "day", "wk", "week", "hr", "hour"})


def _relative_path(m: re.Match[str]) -> str:
    if m["lead"] == "~" and m["path"] in _NOT_HOME_PARTS:
        return m.group(0)
    return _padded(m, f"{_LEADS[m['lead']]} {_path(m)}")


def _path_part(part: str) -> str:
    """ "nginx.conf" -> "nginx dot conf", "my_app" -> "my underscore app"."""
    *names, last = part.split(".")
    if names and re.fullmatch(_EXTENSIONS, last):
        last = _extension(last)
    words = " dot ".join([*names, last]).replace("_", " underscore ")
    return words.replace(".", " dot ")


def _path(m: re.Match[str]) -> str:
    parts = [_path_part(p) if p else "" for p in m["path"].split("/")]
    return _padded(m, "slash " + " slash ".join(parts) + (" slash" if m["end"] else "")).strip()


# a Windows path from a drive: "C:\\Program Files\\App\\config.ini" -> "C colon backslash
# Program Files backslash App backslash config dot ini"; a folder's name may hold spaces, the
# last part none ("... config.ini in Notepad")
_WINDOWS_PATH = re.compile(
    r"(?<![\w\\])(?P<drive>[A-Z]):\\(?P<dirs>(?:[\w\-]+(?:[ .][\w\-]+)*\\)*)"
    r"(?P<last>[\w\-]+(?:\.[\w\-]+)*)?"
)


def _windows_path(m: re.Match[str]) -> str:
    parts = [*m["dirs"].split("\\")[:-1], *([m["last"]] if m["last"] else [])]
    said = " backslash ".join(_path_part(p) for p in parts)
    end = " backslash" if m["dirs"] and not m["last"] else ""  # "C:\\Users\\Ann\\"
    return _padded(m, f"{m['drive']} colon backslash {said}{end}".strip())


# --- menu paths -----------------------------------------------------------------------------

# a ">" between menu items in Title Case, two of them at least: "Tap Settings > Privacy >
# Location Services" -> "Settings, then Privacy, then Location Services" (it was "greater than");
# an item's first word has a lowercase letter or is two capitals or more ("VPN"), so "A > B > C",
# "Q1 > Q2 > Q3" and "x > 5" stay comparisons, as does one ">" alone ("Quality > Quantity") and
# a ranking with no word of menus near it ("Pizza > Burgers > Tacos")
_MENU_ITEM = r"(?:[A-Z][a-z][\w'\-]*|[A-Z]{2,5}(?![\w]))(?: (?:&|[A-Z][\w'\-]*)){0,3}"
_MENU_SEPARATOR = re.compile(r"(?<=[\w]) > (?=[A-Z])")
_ITEM_BEFORE = re.compile(rf"(?<![\w'\-]){_MENU_ITEM}\Z")
_ITEM_AFTER = re.compile(_MENU_ITEM)
_MENU_LOOK = 48  # characters looked at on each side of a ">" for the items and the next ">"
# a word of menus near the items ("Tap", "Click", "Settings"): "Pizza > Burgers > Tacos" ranks,
# as do "The app ranks them as Gold > Silver > Bronze", "I go by Love > Money > Fame"
_MENU_WORD = re.compile(
    r"(?<![\w])(?i:tap|click|open|navigate|select|choose|head|find|settings|preferences"
    r"|options|menu|menus|toolbar|tools|file|edit|view|control panel)(?![\w])"
)


def _menu_separator(m: re.Match[str]) -> str:
    text, start, end = m.string, m.start(), m.end()
    before = _ITEM_BEFORE.search(text, max(0, start - _MENU_LOOK), start)
    after = _ITEM_AFTER.match(text, end, end + _MENU_LOOK)
    if before is None or after is None or after.end() < len(text) and text[after.end()].isalnum():
        return m.group(0)
    previous = text[max(0, before.start() - 3) : before.start()] == " > "
    following = _MENU_SEPARATOR.match(text, after.end()) is not None
    if not (previous or following) or not _MENU_WORD.search(
        text, max(0, start - 2 * _MENU_LOOK), after.end()
    ):
        return m.group(0)
    return ", then "


# --- key combinations ------------------------------------------------------------------------

_KEY_NAMES = {
    "Ctrl": "Control", "CTRL": "Control", "Cmd": "Command", "CMD": "Command", "Opt": "Option",
    "Del": "Delete", "DEL": "Delete", "Esc": "Escape", "ESC": "Escape", "Ins": "Insert",
    "PgUp": "Page Up", "PgDn": "Page Down", "Win": "Windows", "ALT": "Alt", "SHIFT": "Shift",
}  # fmt: skip
_MODIFIERS = "Ctrl|CTRL|Control|Cmd|CMD|Command|Alt|ALT|Shift|SHIFT|Opt|Option|Fn|Win|Super|Meta"
_KEY = (
    rf"(?:{_MODIFIERS}|Del|DEL|Delete|Esc|ESC|Escape|Tab|Enter|Return|Space|Ins|Insert|Home"
    r"|End|PgUp|PgDn|Backspace|F[1-9][0-9]?|[A-Z0-9])"
)
_KEY_COMBO = re.compile(rf"(?<![\w+])(?:{_MODIFIERS})(?:\+{_KEY})+(?![\w+])")


def _key_combo(m: re.Match[str]) -> str:
    return " plus ".join(_KEY_NAMES.get(key, key) for key in m.group(0).split("+"))


FILE_RULES: tuple[Rule, ...] = (
    regex_rule(_WINDOWS_PATH, _windows_path),
    regex_rule(_RELATIVE_PATH, _relative_path),
    regex_rule(_PATH, _path),
    regex_rule(_FILE_NAME, _file_name),
    regex_rule(_DOTFILE, _dotfile),
    regex_rule(_LETTER_CODE, lambda m: _padded(m, f"{m['letter']} {in_pairs(m['num'])}")),
    regex_rule(_KEY_COMBO, _key_combo),
    regex_rule(_MENU_SEPARATOR, _menu_separator),
)
