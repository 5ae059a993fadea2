"""Name keys that let one person's name meet itself across scripts and agencies.

The same name reaches the centre as Azerbaijani Latin (Məmmədov), the pre-1991
Azerbaijani Cyrillic (Мәммәдов), Russian spelling (Мамедов), Russian transliteration
(Mamedov) and plain ASCII (Mammadov). Rather than translate between the five writings,
every spelling is reduced to one phonetic skeleton in lower-case Latin: Cyrillic is
transliterated with Azerbaijani values, Russian and English digraphs (дж, dzh, kh, sh,
ch, gh) become single letters, and then the sounds each writing confuses are folded
together — ə/a/e, ı/i/y, ö/o, ü/u, ş/s, ç/c/j, and q/ğ/g/h/x (Russian writes Azerbaijani
h and q as г, English writes x as kh). Double letters, Russian soft vowels (ю, я after a
consonant), y between vowels and the -ov/-ev/-yev surname ending are levelled on the
way. Two spellings of one name usually reach the same key; for the rest,
:func:`similarity` pairs the words of two names whatever their order and compares their
keys with an edit distance that charges less for a vowel than for a consonant (vowels are
what the writings disagree on), little for the k/g swap Russian spelling makes, and
double at the first letter, which once folded is the part every writing keeps. The
module is pure Python so that batch linkage can run outside Django.
"""

import itertools
import math
import re
import unicodedata

__all__ = ["name_key", "normalise", "same_or_close", "similarity"]

# Azerbaijani Cyrillic letters take their Azerbaijani Latin value; Russian-only letters
# take the value a Russian clerk meant when spelling an Azerbaijani name.
CYRILLIC_LATIN = {
    "а": "a",
    "б": "b",
    "в": "v",
    "г": "g",  # Russian г is Azerbaijani g, q or h; Azerbaijani Cyrillic г is q: one class
    "ғ": "g",
    "ҝ": "g",
    "д": "d",
    "е": "e",
    "ё": "yo",
    "ә": "ə",
    "ж": "j",
    "з": "z",
    "и": "i",
    "і": "i",
    "й": "y",
    "ј": "y",
    "к": "k",
    "л": "l",
    "м": "m",
    "н": "n",
    "о": "o",
    "ө": "o",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "у": "u",
    "ү": "u",
    "ф": "f",
    "х": "x",
    "һ": "h",
    "ц": "ts",
    "ч": "c",
    "ҹ": "c",
    "ш": "s",
    "щ": "sc",
    "ъ": "",
    "ы": "ı",
    "ь": "",
    "э": "e",
    "ю": "yu",
    "я": "ya",
}

# Latin letters that do not decompose into a base letter and a mark.
_LATIN_SPECIAL = {
    "ə": "a",  # ə is a or e in every other writing (Алиева, Mamedov); e is folded to a below
    "ı": "i",  # dotless ı is i in ASCII and y (Russian ы) in transliteration, never apart
    "ß": "ss",
    "ø": "o",
}

# Apostrophes (and the soft sign some transliterate as one) sit inside a word.
_APOSTROPHES = "'’‘ʼʻ`´"

_VOWELS = "aeiou"
_CONSONANTS = "bcdfghjklmnpqrstvwxz"

# Transliteration digraphs, longest first; each becomes one letter of the Azerbaijani
# alphabet without its marks.
_DIGRAPHS: tuple[tuple[str, str], ...] = (
    ("dzh", "c"),  # Russian дж transliterated is Azerbaijani c (Dzhafarov = Cəfərov)
    ("dj", "c"),  # French дж likewise (Djafarov)
    ("zh", "j"),  # English zh is Russian ж, Azerbaijani j
    ("kh", "x"),  # kh is Russian х, Azerbaijani x (Khadija = Xədicə)
    ("sx", "s"),  # Russian сх is the s-h of İshaq, which ASCII sh reads as ş (Исхак = Ishaq)
    ("gh", "g"),  # gh is how English writes ğ (Aghayev = Ağayev)
    ("sh", "s"),  # sh is ş (Shalala = Şəlalə)
    ("ch", "c"),  # ch is ç (Chingiz = Çingiz)
    ("w", "v"),  # German w is v (Mamedow, Alijewa)
)

# Double letters are one sound (Məmmədov = Мамедов, Ülviyyə = Ульвия); collapsed again
# after the folds, which make new doubles (e beside a, h beside q).
_DOUBLE = re.compile(r"(.)\1+")
# Russian patronymics (Камалович, Рашидовна) reduce to the father's name, as oğlu does.
_RUSSIAN_PATRONYMIC = re.compile(r"(?<=..)(?:[oe]vi(?:ch|c)|[oe]vna)$")
# German and Yugoslav j for y in the surname ending (Alijev) is not Azerbaijani c.
_J_ENDING = re.compile(rf"(?<=[{_VOWELS}])je(va?)$")
# Russian е at the start of a word is said ye, and English then writes it so (Yegana).
_INITIAL_YE = re.compile(r"^ye")
# Russian ю, я, ё after a consonant only soften it (Гюльнара, Шукюров): drop the y.
_SOFT_VOWEL = re.compile(rf"(?<=[{_CONSONANTS}])y(?=[{_VOWELS}])")
# y between vowels is a glide one writing hears and another not (Ismayilov = Исмаилов).
_GLIDE = re.compile(rf"(?<=[{_VOWELS}])y(?=[{_VOWELS}])")
# y before a consonant or at the end is a vowel: ı (Gasymov) or the й of a diphthong.
_Y_VOWEL = re.compile(rf"y(?![{_VOWELS}])")
# Surnames end -ov after a consonant, -yev after a vowel, Russian -ев: one ending.
_SURNAME_ENDING = re.compile(r"[eo]v(a?)$")

# The phonetic folds: each group is sounds that the five writings confuse.
_FOLD = str.maketrans(
    {
        "e": "a",  # ə is a in Russian (Алиева) and ASCII (Mammadov), e in Мамедов: one vowel
        "j": "c",  # ASCII j is Azerbaijani c (Jafarov); Azerbaijani j is rare in names
        "q": "g",  # q is Russian г (Гасымов) and ASCII g (Gasymov)
        "h": "g",  # h is Russian г (Гусейн, Гасанов): fold h with g
        "x": "g",  # x is Russian х, and х stands for h too (Хаджи = Hacı): fold with h
        "k": "g",  # Russian к writes Azerbaijani q (Кулиев = Quliyev, Акперов = Əkbərov)
    }
)
# Azerbaijani final q is often Russian к (Tofiq = Тофик, Sadıq = Садык).
_FINAL_G = re.compile(r"g$")

_PATRONYMIC_MARKERS_RAW = (
    "oğlu",
    "oglu",
    "oqlu",
    "ogly",
    "ogli",
    "оглы",
    "оглу",
    "qızı",
    "qizi",
    "gizi",
    "kizi",
    "kyzy",
    "qyzy",
    "кызы",
    "гызы",
)

# Edit costs. Transcription scrambles vowels far more than consonants, so a consonant
# changed, added or dropped weighs more than a vowel; k for g is the one consonant swap Russian
# spelling makes (Курбанов for Qurbanov); and once folded, the first letter is the part
# of a name every writing keeps, so an edit there counts double.
_COST_EDIT = 1.0
_COST_CONSONANT = 1.5
_COST_NEAR = 0.5
_NEAR = frozenset({frozenset("gk")})
_FIRST_LETTER = 2.0
# Above this many pairings, words are paired greedily instead of every way.
_MAX_PAIRINGS = 5040
# No name has more words or longer words; the caps keep garbage input cheap.
_MAX_WORDS = 12
_MAX_WORD_LENGTH = 40


def _words(name: str) -> list[str]:
    """Lower-case Latin words of *name*, Cyrillic transliterated and marks removed."""
    text = unicodedata.normalize("NFKC", name).casefold()
    # Russian дж is Azerbaijani c; it must go before ж is read alone.
    text = text.replace("дж", "c")
    text = "".join(CYRILLIC_LATIN.get(char, char) for char in text)
    for mark in _APOSTROPHES:
        text = text.replace(mark, "")
    text = "".join(_LATIN_SPECIAL.get(char, char) for char in text)
    # The marks of ş, ç, ğ, ö, ü go, as ASCII spellings drop them (Sukurov, Konul); so do
    # any others (é, ä of the 1991 alphabet, the dot casefold leaves on İ).
    text = "".join(
        char for char in unicodedata.normalize("NFD", text) if not unicodedata.combining(char)
    )
    # Digits, punctuation and spaces all separate words.
    return [word for word in re.split(r"[\W\d_]+", text) if word]


def _fold_word(word: str) -> str:
    """The phonetic key of one transliterated word."""
    word = _DOUBLE.sub(r"\1", word)
    for digraph, letter in _DIGRAPHS:
        word = word.replace(digraph, letter)
    word = _RUSSIAN_PATRONYMIC.sub("", word)
    word = _J_ENDING.sub(r"ye\1", word)
    word = _INITIAL_YE.sub("e", word)
    word = _DOUBLE.sub(r"\1", word)
    word = _SOFT_VOWEL.sub("", word)
    word = _GLIDE.sub("", word)
    word = _Y_VOWEL.sub("i", word)
    word = _SURNAME_ENDING.sub(r"ov\1", word)
    word = word.translate(_FOLD)
    word = _DOUBLE.sub(r"\1", word)
    return _FINAL_G.sub("k", word)


_PATRONYMIC_MARKERS = frozenset(
    _fold_word(word) for marker in _PATRONYMIC_MARKERS_RAW for word in _words(marker)
)


def normalise(name: str) -> str:
    """The canonical Latin key of *name*: the key of each word, joined by spaces.

    >>> normalise("Məmmədov") == normalise("Мамедов") == normalise("Mammadov")
    True
    """
    if not isinstance(name, str):
        return ""
    return " ".join(key for key in map(_fold_word, _words(name)) if key)


def name_key(full_name: str) -> tuple[str, ...]:
    """The sorted word keys of *full_name* without oğlu/qızı markers, so that "Əliyeva
    Leyla" and "Leyla Aliyeva" share one key."""
    return tuple(
        sorted(key for key in normalise(full_name).split() if key not in _PATRONYMIC_MARKERS)
    )


def _parts(full_name: str) -> tuple[list[str], str | None]:
    """The word keys of *full_name* apart from its patronymic, and the patronymic: the
    word before oğlu/qızı, or a Russian -ovich/-ovna."""
    if not isinstance(full_name, str):
        return [], None
    words = [
        (word, key[:_MAX_WORD_LENGTH])
        for word in _words(full_name)[:_MAX_WORDS]
        if (key := _fold_word(word))
    ]
    others: list[str] = []
    patronymic: str | None = None
    for index, (word, key) in enumerate(words):
        if key in _PATRONYMIC_MARKERS:
            continue
        marked = index + 1 < len(words) and words[index + 1][1] in _PATRONYMIC_MARKERS
        if patronymic is None and (marked or _RUSSIAN_PATRONYMIC.search(word)):
            patronymic = key
        else:
            others.append(key)
    return others, patronymic


def _substitution(a: str, b: str, weight: float) -> float:
    if a == b:
        return 0.0
    # Not weighted: the first letter is just where Russian puts к for q (Кулиев).
    if frozenset((a, b)) in _NEAR:
        return _COST_NEAR
    if a in _CONSONANTS or b in _CONSONANTS:
        return _COST_CONSONANT * weight
    return _COST_EDIT * weight


def _indel(char: str, weight: float) -> float:
    return (_COST_CONSONANT if char in _CONSONANTS else _COST_EDIT) * weight


def _distance(a: str, b: str) -> float:
    """Levenshtein distance with the costs above."""

    def weight(i: int, j: int) -> float:
        return _FIRST_LETTER if i == 0 or j == 0 else 1.0

    previous = [0.0]
    for j in range(len(b)):
        previous.append(previous[-1] + _indel(b[j], weight(1, j)))
    for i in range(len(a)):
        current = [previous[0] + _indel(a[i], weight(i, 1))]
        for j in range(len(b)):
            current.append(
                min(
                    previous[j] + _substitution(a[i], b[j], weight(i, j)),
                    previous[j + 1] + _indel(a[i], weight(i, 1)),
                    current[j] + _indel(b[j], weight(1, j)),
                )
            )
        previous = current
    return previous[-1]


def _word_similarity(a: str, b: str) -> float:
    if a == b:
        return 1.0
    # The first letter counts double, so the longer word plus one is the scale.
    return max(0.0, 1.0 - _distance(a, b) / (max(len(a), len(b)) + 1))


def _pair(left: list[str], right: list[str]) -> list[float]:
    """Similarities of the best pairing of the words of *left* with those of *right*,
    whatever their order: the pairing whose worst pair is best, then whose sum is."""
    if len(left) > len(right):
        left, right = right, left
    if not left:
        return []
    scores = [[_word_similarity(x, y) for y in right] for x in left]
    if math.perm(len(right), len(left)) <= _MAX_PAIRINGS:
        pairings = (
            [scores[i][j] for i, j in enumerate(chosen)]
            for chosen in itertools.permutations(range(len(right)), len(left))
        )
        return max(pairings, key=lambda pairing: (min(pairing), sum(pairing)))
    # Too many words to try every pairing (a list of names, or garbage): best pairs first.
    candidates = sorted(
        ((score, i, j) for i, row in enumerate(scores) for j, score in enumerate(row)),
        reverse=True,
    )
    used_left: set[int] = set()
    used_right: set[int] = set()
    chosen_scores: list[float] = []
    for score, i, j in candidates:
        if i not in used_left and j not in used_right:
            used_left.add(i)
            used_right.add(j)
            chosen_scores.append(score)
    return chosen_scores


def similarity(a: str, b: str) -> float:
    """How alike two names are, from 0.0 (nothing alike) to 1.0 (one key).

    Words are paired whatever their order, except that when both names mark a
    patronymic (oğlu, qızı, -ovich, -ovna) the patronymics are paired with each other, so
    father and son do not meet. A name is as close as its least close pair, so that a
    shared common given name cannot carry a different surname. Words that one name has and
    the other lacks (a missing patronymic) cost a little, ``(shorter / longer) ** 0.25``:
    a full name meets itself without the patronymic, a lone given name does not meet a
    full name.
    """
    left, left_patronymic = _parts(a)
    right, right_patronymic = _parts(b)
    fixed: list[float] = []
    if left_patronymic is not None and right_patronymic is not None:
        fixed.append(_word_similarity(left_patronymic, right_patronymic))
    else:
        left += [left_patronymic] if left_patronymic is not None else []
        right += [right_patronymic] if right_patronymic is not None else []
    shorter, longer = sorted((len(left), len(right)))
    if shorter + len(fixed) == 0:
        return 0.0
    scores = fixed + _pair(left, right)
    coverage = ((shorter + len(fixed)) / (longer + len(fixed))) ** 0.25
    return min(scores) * coverage


def same_or_close(a: str, b: str, threshold: float = 0.85) -> bool:
    """Whether *a* and *b* are probably one name written two ways."""
    return similarity(a, b) >= threshold
