"""Pinyin → Chinese candidates through libgooglepinyin (ctypes over its C API).

Why libgooglepinyin and not Qt Virtual Keyboard's pinyin: the Qt plugin in
PySide6-Addons is a QML input-method context (``QT_IM_MODULE=qtvirtualkeyboard``)
that draws its own QML panel and needs a QQuickWindow; it cannot be driven as a
plain engine from a QWidget keyboard, and its panel placement depends on the
window system (under cage there is no input-panel protocol to lean on). Qt's
pinyin engine is itself Google's PinyinIME; the Debian package
``libgooglepinyin0`` ships the same decoder as a small C library with a plain
C API (``im_open_decoder``, ``im_search``, ``im_get_candidate``, ``im_choose``)
and its system dictionary, so one ctypes module is the whole binding.

No user dictionary: the decoder would learn what citizens type (names) and
offer it to the next citizen. The user dictionary path given to the decoder
cannot be created (a child of the dictionary *file*), so it runs without one.

The decoder is process-global state in the C library: one :class:`PinyinEngine`
per process, used from the GUI thread only.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
from pathlib import Path

log = logging.getLogger(__name__)

LIBRARY_NAMES = ("libgooglepinyin.so.0", "googlepinyin")
DICT_PATHS = (
    Path("/usr/lib/x86_64-linux-gnu/googlepinyin/data/dict_pinyin.dat"),
    Path("/usr/lib/aarch64-linux-gnu/googlepinyin/data/dict_pinyin.dat"),
    Path("/usr/lib/googlepinyin/data/dict_pinyin.dat"),
)
MAX_CANDIDATES = 60
_CAND_LEN = 64


def _load(names: tuple[str, ...]) -> ctypes.CDLL | None:
    for name in names:
        try:
            return ctypes.CDLL(name)
        except OSError:
            found = ctypes.util.find_library(name)
            if found:
                try:
                    return ctypes.CDLL(found)
                except OSError:
                    pass
    return None


class PinyinEngine:
    """Letters in, candidate words out. GUI thread only (the C decoder is global)."""

    def __init__(
        self,
        library: tuple[str, ...] = LIBRARY_NAMES,
        dictionary: tuple[Path, ...] = DICT_PATHS,
    ) -> None:
        self._lib: ctypes.CDLL | None = None
        self.letters = ""
        lib = _load(library)
        dict_path = next((p for p in dictionary if p.is_file()), None)
        if lib is None or dict_path is None:
            log.info("pinyin engine unavailable (library %s, dictionary %s)", lib, dict_path)
            return
        lib.im_open_decoder.argtypes = [ctypes.c_char_p, ctypes.c_char_p]
        lib.im_open_decoder.restype = ctypes.c_bool
        lib.im_search.argtypes = [ctypes.c_char_p, ctypes.c_size_t]
        lib.im_search.restype = ctypes.c_size_t
        lib.im_get_candidate.argtypes = [ctypes.c_size_t, ctypes.c_void_p, ctypes.c_size_t]
        lib.im_get_candidate.restype = ctypes.c_void_p
        lib.im_choose.argtypes = [ctypes.c_size_t]
        lib.im_choose.restype = ctypes.c_size_t
        lib.im_get_fixed_len.restype = ctypes.c_size_t
        lib.im_get_spl_start_pos.argtypes = [ctypes.POINTER(ctypes.POINTER(ctypes.c_uint16))]
        lib.im_get_spl_start_pos.restype = ctypes.c_size_t
        lib.im_reset_search.restype = None
        lib.im_close_decoder.restype = None
        no_user_dict = str(dict_path / "no-user-dictionary").encode()
        if not lib.im_open_decoder(str(dict_path).encode(), no_user_dict):
            log.warning("pinyin dictionary %s did not open", dict_path)
            return
        self._lib = lib
        self._buf = (ctypes.c_uint16 * _CAND_LEN)()
        self._count = 0

    @property
    def available(self) -> bool:
        return self._lib is not None

    def set_letters(self, letters: str) -> list[str]:
        """Search ``letters`` (a–z) from scratch; returns the candidates."""
        self.letters = "".join(c for c in letters.lower() if "a" <= c <= "z")
        if self._lib is None:
            return []
        if not self.letters:
            self._lib.im_reset_search()
            self._count = 0
            return []
        raw = self.letters.encode()
        self._count = self._lib.im_search(raw, len(raw))
        return self.candidates()

    def candidates(self) -> list[str]:
        if self._lib is None or not self.letters:
            return []
        out = []
        for i in range(min(self._count, MAX_CANDIDATES)):
            ptr = self._lib.im_get_candidate(i, self._buf, _CAND_LEN)
            if not ptr:
                break
            out.append(self._read())
        return out

    def _read(self) -> str:
        units = []
        for u in self._buf:
            if u == 0:
                break
            units.append(u)
        return bytes(b for u in units for b in u.to_bytes(2, "little")).decode(
            "utf-16-le", errors="replace"
        )

    def choose(self, index: int) -> tuple[str, bool]:
        """Pick candidate ``index``: (text to commit, whether the input is finished).

        When the candidate covers only the first syllables, the decoder keeps the
        rest: the text is returned only once everything is chosen. After a partial
        choice candidate 0 is the whole sentence (the part fixed + the best rest).
        """
        assert self._lib is not None
        self._count = self._lib.im_choose(index)
        fixed = self._lib.im_get_fixed_len()  # Hanzi fixed so far
        starts = ctypes.POINTER(ctypes.c_uint16)()
        syllables = self._lib.im_get_spl_start_pos(ctypes.byref(starts))
        if self._count <= 1 or fixed >= syllables:
            ptr = self._lib.im_get_candidate(0, self._buf, _CAND_LEN)
            text = self._read() if ptr else ""
            self.reset()
            return text, True
        return "", False

    def reset(self) -> None:
        self.letters = ""
        self._count = 0
        if self._lib is not None:
            self._lib.im_reset_search()
