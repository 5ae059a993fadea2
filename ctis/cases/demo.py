"""Synthetic persons for demonstrations and benchmarks: ``ctis demo --persons N``.

The records look like what the special police unit enters (the annual reports in
``../shared/seeds`` give the mix): about three victims in four, mostly women taken to
Türkiye or the United Arab Emirates for sexual exploitation and men in forced labour in
Russia or inside Azerbaijan; the rest perpetrators, and a few victims' children. Names are
Azerbaijani (and some Uzbek, Kyrgyz, Tajik, Russian and Ukrainian), spelled as different
agencies would enter them: Azerbaijani Latin, Russian Cyrillic, Russian transliteration or
passport ASCII. Criminal cases under articles 144-1, 144-2 and 144-3 link the victims and
perpetrators, with prosecutions and verdicts for the older ones.

Rows are written with ``bulk_create`` in batches, one transaction and one audit entry a
batch, through the same helpers the services use, so the data is indistinguishable from
entered data: identity fields are sealed by ``EncryptedTextField``, names, documents and
phones get the services' blind indexes, and person codes advance ``CodeSequence`` so that
the next ``person_create`` continues the sequence. Everything random comes from
``random.Random(seed)``; record ids and encryption nonces stay random, so a second run with
the same seed adds new records (the same people entered again) instead of failing.
"""

from __future__ import annotations

import bisect
import datetime
import itertools
import random
import re
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Generic, TypeVar

from django.conf import settings
from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ctis.accounts.models import Agency, User
from ctis.audit.services import audit_record
from ctis.cases.choices import (
    CaseStatus,
    ChildMeasure,
    ContactKind,
    ControlMethod,
    DocumentKind,
    EventKind,
    ExploitationForm,
    Extradition,
    LabourSector,
    ParticipantRole,
    PerpetratorRole,
    RecruiterRelationship,
    RecruitmentMethod,
    Scope,
    SentenceKind,
    Sex,
    SexualExploitationKind,
    TraffickingStatus,
    VerdictOutcome,
    WantedStatus,
)
from ctis.cases.keys import contact_key, document_number_key, name_index_values, person_code
from ctis.cases.models import (
    CaseParticipant,
    ChildOfVictim,
    CriminalCase,
    CriminalCodeArticle,
    Person,
    PersonContact,
    PersonDocument,
    PersonNameIndex,
    Prosecution,
    TraffickingEvent,
    VictimProfile,
)
from ctis.cases.services import HOME_COUNTRY, articles_load_reference, code_numbers_take
from ctis.core import crypto
from ctis.core.models import Country

OWNER_AGENCY = "mia-ctd"
DEMO_USER = "investigator"
FIRST_YEAR = 2015
LAST_YEAR = 2025

T = TypeVar("T")
M = TypeVar("M", bound=models.Model)


class Table(Generic[T]):
    """A weighted choice: ``Table([(value, weight), ...])(rng)``."""

    def __init__(self, rows: Sequence[tuple[T, float]]):
        self.values = [value for value, _weight in rows]
        self.cumulative = list(itertools.accumulate(weight for _value, weight in rows))
        self.total = self.cumulative[-1]

    def __call__(self, rng: random.Random) -> T:
        return self.values[bisect.bisect_right(self.cumulative, rng.random() * self.total)]


class Rows(Generic[M]):
    """Builds unsaved instances of one model from attribute names (``person_id``, not
    ``person``), passing every column positionally: Django's fast path, about twice as
    quick as keyword arguments, which matters at a million persons. Columns not given take
    the field's default as ``Model()`` would (a fresh one for callables such as
    ``uuid4`` or ``list``)."""

    def __init__(self, model: type[M]):
        self.model = model
        fields = model._meta.concrete_fields
        self.position = {f.attname: i for i, f in enumerate(fields)}
        self.template: list[Any] = []
        self.fresh: list[tuple[int, Any]] = []
        for index, f in enumerate(fields):
            if f.has_default() and callable(f.default):
                self.fresh.append((index, f.default))
                self.template.append(None)
            else:
                self.template.append(f.get_default())

    def __call__(self, **values: Any) -> M:
        args = self.template.copy()
        for index, make in self.fresh:
            args[index] = make()
        position = self.position
        for name, value in values.items():
            args[position[name]] = value
        return self.model(*args)


# Names ---------------------------------------------------------------------------------
# (Azerbaijani Latin, the Russian spelling in Cyrillic). The Russian spellings are the ones
# registry offices used (Мамедов, not Маммадов), so some differ from a letter-by-letter
# transliteration (Кулиев for Quliyev, Мехтиев for Mehdiyev), as they do in real records.

AZ_MALE = [
    ("Əli", "Али"), ("Məmməd", "Мамед"), ("Hüseyn", "Гусейн"), ("Həsən", "Гасан"),
    ("Rəşad", "Рашад"), ("Elvin", "Эльвин"), ("Tural", "Турал"), ("Orxan", "Орхан"),
    ("Kamran", "Камран"), ("Rauf", "Рауф"), ("Vüqar", "Вугар"), ("Elçin", "Эльчин"),
    ("Anar", "Анар"), ("Ramil", "Рамиль"), ("Rüstəm", "Рустам"), ("Nicat", "Ниджат"),
    ("Fərid", "Фарид"), ("Cavid", "Джавид"), ("Ceyhun", "Джейхун"), ("Emin", "Эмин"),
    ("Elnur", "Эльнур"), ("Samir", "Самир"), ("Ruslan", "Руслан"), ("Tofiq", "Тофик"),
    ("Vaqif", "Вагиф"), ("Rasim", "Расим"), ("Namiq", "Намик"), ("Zaur", "Заур"),
    ("Şahin", "Шахин"), ("Elşən", "Эльшан"), ("İlqar", "Ильгар"), ("Fuad", "Фуад"),
    ("Azər", "Азер"), ("Rövşən", "Ровшан"), ("Mübariz", "Мубариз"), ("Natiq", "Натиг"),
    ("Yaşar", "Яшар"), ("Xəyal", "Хаял"), ("Sənan", "Санан"), ("Kənan", "Канан"),
    ("Murad", "Мурад"), ("Nihad", "Нихад"), ("Aqil", "Агиль"), ("Akif", "Акиф"),
    ("Arif", "Ариф"), ("Asif", "Асиф"), ("Bəxtiyar", "Бахтияр"), ("Cəmil", "Джамиль"),
    ("Eldar", "Эльдар"), ("Elxan", "Эльхан"), ("Fikrət", "Фикрет"), ("Qasım", "Гасым"),
    ("İbrahim", "Ибрагим"), ("İsmayıl", "Исмаил"), ("Xalid", "Халид"), ("Mahir", "Махир"),
    ("Mirzə", "Мирза"), ("Nazim", "Назим"), ("Oqtay", "Октай"), ("Pərviz", "Парвиз"),
    ("Ramiz", "Рамиз"), ("Sadıq", "Садык"), ("Şamil", "Шамиль"), ("Teymur", "Теймур"),
    ("Tahir", "Тахир"), ("Ülvi", "Ульви"), ("Valeh", "Валех"), ("Yusif", "Юсиф"),
    ("Zakir", "Закир"), ("Cəfər", "Джафар"), ("Musa", "Муса"), ("Rəhim", "Рагим"),
    ("Vüsal", "Вусал"), ("Elşad", "Эльшад"),
]  # fmt: skip
AZ_FEMALE = [
    ("Leyla", "Лейла"), ("Aynur", "Айнур"), ("Günay", "Гюнай"), ("Səbinə", "Сабина"),
    ("Nigar", "Нигяр"), ("Fidan", "Фидан"), ("Aysel", "Айсель"), ("Aygün", "Айгюн"),
    ("Gülnar", "Гюльнар"), ("Gülnarə", "Гюльнара"), ("Sevinc", "Севиндж"), ("Könül", "Кёнуль"),
    ("Lalə", "Лала"), ("Nərmin", "Нармин"), ("Nərgiz", "Наргиз"), ("Səidə", "Саида"),
    ("Şəbnəm", "Шабнам"), ("Ülviyyə", "Ульвия"), ("Xədicə", "Хадиджа"), ("Zəhra", "Захра"),
    ("Mehriban", "Мехрибан"), ("Gülşən", "Гюльшан"), ("Sevda", "Севда"), ("Elnarə", "Эльнара"),
    ("Esmira", "Эсмира"), ("Nailə", "Наиля"), ("Rəna", "Рена"), ("Samirə", "Самира"),
    ("Sona", "Сона"), ("Təranə", "Терана"), ("Türkan", "Туркан"), ("Vüsalə", "Вусала"),
    ("Yeganə", "Егана"), ("Zərifə", "Зарифа"), ("Zülfiyyə", "Зульфия"), ("Aidə", "Аида"),
    ("Arzu", "Арзу"), ("Afaq", "Афаг"), ("Bənövşə", "Бановша"), ("Dilarə", "Дилара"),
    ("Elmira", "Эльмира"), ("Fatimə", "Фатима"), ("Firuzə", "Фируза"), ("Gülər", "Гюлер"),
    ("Həcər", "Гаджар"), ("İlahə", "Иляха"), ("İradə", "Ирада"), ("Kəmalə", "Камаля"),
    ("Lamiyə", "Ламия"), ("Mələk", "Малак"), ("Məryəm", "Марьям"), ("Nazilə", "Назиля"),
    ("Nuranə", "Нурана"), ("Pərvin", "Парвин"), ("Rüxsarə", "Рухсара"), ("Sədaqət", "Садагат"),
    ("Şəfəq", "Шафаг"), ("Tamilla", "Тамилла"), ("Ulduz", "Улдуз"), ("Validə", "Валида"),
    ("Zəminə", "Замина"), ("Solmaz", "Солмаз"), ("Ayşən", "Айшан"), ("Gülnaz", "Гюльназ"),
]  # fmt: skip
# Family names in the masculine form; -li/-lı/-zadə do not change with sex.
AZ_FAMILY = [
    ("Məmmədov", "Мамедов"), ("Əliyev", "Алиев"), ("Hüseynov", "Гусейнов"),
    ("Quliyev", "Кулиев"), ("Həsənov", "Гасанов"), ("İsmayılov", "Исмаилов"),
    ("Babayev", "Бабаев"), ("Rzayev", "Рзаев"), ("Kərimov", "Керимов"), ("Nəsirov", "Насиров"),
    ("Abbasov", "Аббасов"), ("Səfərov", "Сафаров"), ("Cəfərov", "Джафаров"),
    ("Rəhimov", "Рагимов"), ("Mustafayev", "Мустафаев"), ("Hacıyev", "Гаджиев"),
    ("Əhmədov", "Ахмедов"), ("Qasımov", "Гасымов"), ("Orucov", "Оруджев"), ("Vəliyev", "Велиев"),
    ("Sadıqov", "Садыгов"), ("Bayramov", "Байрамов"), ("Süleymanov", "Сулейманов"),
    ("Rüstəmov", "Рустамов"), ("İbrahimov", "Ибрагимов"), ("Nağıyev", "Нагиев"),
    ("Cavadov", "Джавадов"), ("Əsədov", "Асадов"), ("Şükürov", "Шукюров"),
    ("Zeynalov", "Зейналов"), ("Hümbətov", "Гумбатов"), ("Musayev", "Мусаев"),
    ("Novruzov", "Новрузов"), ("Abdullayev", "Абдуллаев"), ("Allahverdiyev", "Аллахвердиев"),
    ("Paşayev", "Пашаев"), ("Tağıyev", "Тагиев"), ("Xəlilov", "Халилов"), ("Qarayev", "Караев"),
    ("Salmanov", "Салманов"), ("Əsgərov", "Аскеров"), ("Məhərrəmov", "Магеррамов"),
    ("Kazımov", "Кязимов"), ("Bağırov", "Багиров"), ("Sultanov", "Султанов"),
    ("Fərzəliyev", "Фарзалиев"), ("Həsənli", "Гасанлы"), ("Məmmədli", "Мамедли"),
    ("Əlizadə", "Ализаде"), ("Quluzadə", "Кулизаде"), ("Rəhimli", "Рагимли"),
    ("Hüseynli", "Гусейнли"), ("Mirzəyev", "Мирзоев"), ("Hüseynzadə", "Гусейнзаде"),
    ("Nəbiyev", "Набиев"), ("Əkbərov", "Акперов"), ("Qəhrəmanov", "Гахраманов"),
    ("Səmədov", "Самедов"), ("İsgəndərov", "Искендеров"), ("Şirinov", "Ширинов"),
    ("Eyvazov", "Эйвазов"), ("Yusifov", "Юсифов"), ("Muradov", "Мурадов"), ("Axundov", "Ахундов"),
    ("Sultanlı", "Султанлы"), ("Vəlizadə", "Велизаде"), ("Bəşirli", "Баширли"),
    ("Mehdiyev", "Мехтиев"),
]  # fmt: skip
# The most frequent family names come up more often, as they do in the population.
AZ_FAMILY_TABLE = Table(
    [(pair, 6.0 if i < 6 else 2.0 if i < 20 else 1.0) for i, pair in enumerate(AZ_FAMILY)]
)


@dataclass(frozen=True)
class Nationality:
    """Names, language, documents and home towns of one foreign nationality."""

    country: str
    male: list[tuple[str, str]]
    female: list[tuple[str, str]]
    family: list[tuple[str, str]]
    languages: list[str]
    passport: str  # a pattern: # is a digit
    phone: str  # a pattern: # is a digit
    towns: list[str]
    russian_patronymic: float  # share entered with a Russian-style patronymic
    cyrillic: float  # share entered in Cyrillic


FOREIGN = [
    Nationality(
        "UZ",
        [("Akmal", "Акмал"), ("Bekzod", "Бекзод"), ("Dilshod", "Дилшод"), ("Jasur", "Жасур"),
         ("Rustam", "Рустам"), ("Sardor", "Сардор"), ("Shavkat", "Шавкат"),
         ("Ulugbek", "Улугбек"), ("Farrukh", "Фаррух"), ("Otabek", "Отабек")],
        [("Dilnoza", "Дилноза"), ("Gulnora", "Гульнора"), ("Malika", "Малика"),
         ("Nigora", "Нигора"), ("Shahnoza", "Шахноза"), ("Zarina", "Зарина"),
         ("Feruza", "Феруза"), ("Madina", "Мадина"), ("Sevara", "Севара"), ("Dildora", "Дилдора")],
        [("Karimov", "Каримов"), ("Rakhimov", "Рахимов"), ("Yusupov", "Юсупов"),
         ("Usmonov", "Усмонов"), ("Abdullaev", "Абдуллаев"), ("Nazarov", "Назаров"),
         ("Saidov", "Саидов"), ("Ergashev", "Эргашев"), ("Tursunov", "Турсунов"),
         ("Khodjaev", "Ходжаев")],
        ["uz", "ru"], "AA#######", "+998 9# ### ## ##", ["Daşkənd", "Səmərqənd", "Buxara", "Fərqanə"],
        0.5, 0.3,
    ),
    Nationality(
        "KG",
        [("Aibek", "Айбек"), ("Bakyt", "Бакыт"), ("Nurlan", "Нурлан"), ("Azamat", "Азамат"),
         ("Talant", "Талант"), ("Ermek", "Эрмек"), ("Kanat", "Канат"), ("Almaz", "Алмаз")],
        [("Aigul", "Айгуль"), ("Aizhan", "Айжан"), ("Cholpon", "Чолпон"), ("Nurgul", "Нургуль"),
         ("Gulnara", "Гульнара"), ("Asel", "Асель"), ("Zhyldyz", "Жылдыз"), ("Aida", "Аида")],
        [("Asanov", "Асанов"), ("Bakirov", "Бакиров"), ("Zhumabaev", "Жумабаев"),
         ("Mamytov", "Мамытов"), ("Osmonov", "Осмонов"), ("Sydykov", "Сыдыков"),
         ("Toktogulov", "Токтогулов"), ("Abdykadyrov", "Абдыкадыров")],
        ["ky", "ru"], "AC#######", "+996 55# ### ###", ["Bişkek", "Oş", "Calalabad"],
        0.5, 0.3,
    ),
    Nationality(
        "TJ",
        [("Firuz", "Фируз"), ("Jamshed", "Джамшед"), ("Bahrom", "Бахром"), ("Parviz", "Парвиз"),
         ("Sherali", "Шерали"), ("Dilovar", "Диловар"), ("Umed", "Умед"), ("Farhod", "Фарход")],
        [("Mehrangez", "Мехрангез"), ("Nilufar", "Нилуфар"), ("Farzona", "Фарзона"),
         ("Gulbahor", "Гульбахор"), ("Zulfiya", "Зульфия"), ("Manizha", "Манижа"),
         ("Tahmina", "Тахмина"), ("Shahlo", "Шахло")],
        [("Rahmonov", "Рахмонов"), ("Sharipov", "Шарипов"), ("Qodirov", "Кодиров"),
         ("Safarov", "Сафаров"), ("Davlatov", "Давлатов"), ("Mirzoev", "Мирзоев"),
         ("Nazarov", "Назаров"), ("Ismoilov", "Исмоилов")],
        ["tg", "ru"], "40########", "+992 9# ### ####", ["Düşənbə", "Xocənd", "Kulyab"],
        0.5, 0.3,
    ),
    Nationality(
        "RU",
        [("Aleksandr", "Александр"), ("Dmitriy", "Дмитрий"), ("Sergey", "Сергей"),
         ("Ivan", "Иван"), ("Andrey", "Андрей"), ("Maksim", "Максим"), ("Nikolay", "Николай"),
         ("Pavel", "Павел")],
        [("Olga", "Ольга"), ("Natalya", "Наталья"), ("Yelena", "Елена"),
         ("Svetlana", "Светлана"), ("Tatyana", "Татьяна"), ("Irina", "Ирина"),
         ("Anastasiya", "Анастасия"), ("Yuliya", "Юлия")],
        [("Ivanov", "Иванов"), ("Smirnov", "Смирнов"), ("Kuznetsov", "Кузнецов"),
         ("Popov", "Попов"), ("Sokolov", "Соколов"), ("Volkov", "Волков"),
         ("Morozov", "Морозов"), ("Lebedev", "Лебедев")],
        ["ru"], "7# #######", "+7 9## ###-##-##", ["Moskva", "Həştərxan", "Mahaçqala", "Rostov-na-Donu"],
        1.0, 0.6,
    ),
    Nationality(
        "UA",
        [("Oleksandr", "Олександр"), ("Andriy", "Андрій"), ("Taras", "Тарас"),
         ("Mykola", "Микола"), ("Bohdan", "Богдан"), ("Yuriy", "Юрій"), ("Vasyl", "Василь"),
         ("Serhiy", "Сергій")],
        [("Oksana", "Оксана"), ("Olena", "Олена"), ("Iryna", "Ірина"), ("Nataliya", "Наталія"),
         ("Tetyana", "Тетяна"), ("Kateryna", "Катерина"), ("Halyna", "Галина"),
         ("Svitlana", "Світлана")],
        [("Shevchenko", "Шевченко"), ("Kovalenko", "Коваленко"), ("Bondarenko", "Бондаренко"),
         ("Tkachenko", "Ткаченко"), ("Kravchenko", "Кравченко"), ("Melnyk", "Мельник"),
         ("Boyko", "Бойко"), ("Tkachuk", "Ткачук")],
        ["ru", "other"], "FA######", "+380 6# ### ####", ["Kiyev", "Xarkov", "Odessa"],
        0.8, 0.4,
    ),
]  # fmt: skip
FOREIGN_TABLE = Table(
    [(FOREIGN[0], 30), (FOREIGN[1], 15), (FOREIGN[2], 15), (FOREIGN[3], 22), (FOREIGN[4], 18)]
)

# How an agency spelled the name: Azerbaijani Latin, Russian Cyrillic, Russian
# transliteration (Mamedova, Guseynov) or the passport's ASCII (Mammadova, Huseynov).
STYLE_TABLE = Table([("az", 62), ("ru", 15), ("ru-latin", 12), ("passport", 11)])

_PASSPORT_ASCII = str.maketrans(
    {"ə": "a", "Ə": "A", "ç": "ch", "Ç": "Ch", "ş": "sh", "Ş": "Sh", "ğ": "gh", "Ğ": "Gh",
     "ı": "i", "İ": "I", "ö": "o", "Ö": "O", "ü": "u", "Ü": "U", "x": "kh", "X": "Kh",
     "c": "j", "C": "J", "q": "g", "Q": "G"}
)  # fmt: skip
_RUSSIAN_LATIN = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo", "ж": "zh", "з": "z",
    "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya", "і": "i",
    "ї": "yi", "є": "ye",
}  # fmt: skip
_RUSSIAN_VOWELS = set("аеёиоуыэюяьъ")


def russian_latin(text: str) -> str:
    """Russian Cyrillic in the transliteration Russian-era documents used (Guseynova)."""
    out = []
    previous = ""
    for char in text:
        lower = char.lower()
        if lower == "е" and (not previous or previous in _RUSSIAN_VOWELS or previous == " "):
            latin = "ye"
        else:
            latin = _RUSSIAN_LATIN.get(lower, char)
        if char != lower and latin:
            latin = latin[0].upper() + latin[1:]
        out.append(latin)
        previous = lower
    return "".join(out)


def passport_ascii(text: str) -> str:
    """Azerbaijani Latin as passports print it (Mammadova, Huseynov, Jafarov)."""
    return text.translate(_PASSPORT_ASCII)


def feminine(family: str) -> str:
    """The feminine form of a family name in any of the scripts (Əliyeva, Алиева)."""
    if family.endswith(("ov", "ev", "in", "ов", "ев", "ин")):
        return family + ("a" if family[-1] in "vn" else "а")
    return family


def russian_patronymic(father: str, sex: str) -> str:
    """Алиевна, Рашадович: a Russian patronymic from a Cyrillic given name."""
    female = sex == Sex.FEMALE
    if father[-1] in "йь":
        stem, ending = father[:-1], "евна" if female else "евич"
    elif father[-1] in "аяи":
        stem, ending = father, "евна" if female else "евич"
    else:
        stem, ending = father, "овна" if female else "ович"
    return stem + ending


@dataclass
class Name:
    given: str
    family: str
    patronymic: str | None
    aliases: str | None


# Places --------------------------------------------------------------------------------

AZ_TOWNS = Table([
    ("Bakı", 38), ("Sumqayıt", 9), ("Gəncə", 7), ("Mingəçevir", 3), ("Şirvan", 3),
    ("Lənkəran", 4), ("Şəki", 3), ("Quba", 3), ("Masallı", 3), ("Salyan", 2), ("Sabirabad", 3),
    ("İmişli", 2), ("Bərdə", 3), ("Zaqatala", 2), ("Qəbələ", 1), ("Şamaxı", 2), ("Göyçay", 2),
    ("Xaçmaz", 2), ("Cəlilabad", 3), ("Naxçıvan", 2), ("Yevlax", 2), ("Ağcabədi", 2),
    ("Biləsuvar", 2), ("Saatlı", 2), ("Kürdəmir", 2), ("Ağdaş", 1), ("Tovuz", 2), ("Qazax", 2),
    ("Astara", 2),
])  # fmt: skip
AZ_FARMING = Table([
    ("Saatlı", 3), ("Sabirabad", 3), ("Quba", 3), ("Xaçmaz", 2), ("İsmayıllı", 2), ("Şəki", 2),
    ("Zaqatala", 2), ("Lənkəran", 2), ("Masallı", 2), ("Qusar", 1), ("Göyçay", 1), ("Bərdə", 1),
])  # fmt: skip
BAKU_DISTRICTS = [
    "Nəsimi",
    "Yasamal",
    "Nərimanov",
    "Binəqədi",
    "Xətai",
    "Sabunçu",
    "Suraxanı",
    "Nizami",
    "Səbail",
    "Qaradağ",
    "Xəzər",
    "Pirallahı",
]
STREETS = [
    "Nizami küçəsi",
    "Füzuli küçəsi",
    "Səməd Vurğun küçəsi",
    "Heydər Əliyev prospekti",
    "Azadlıq prospekti",
    "Neftçilər prospekti",
    "Rəşid Behbudov küçəsi",
    "Cəfər Cabbarlı küçəsi",
    "Üzeyir Hacıbəyov küçəsi",
    "28 May küçəsi",
    "Xətai prospekti",
    "Natəvan küçəsi",
    "Şərifzadə küçəsi",
    "Atatürk prospekti",
    "Babək prospekti",
    "Hüseyn Cavid prospekti",
    "Mehdi Hüseyn küçəsi",
    "Zərifə Əliyeva küçəsi",
    "İstiqlaliyyət küçəsi",
    "Abbas Səhhət küçəsi",
]
VILLAGES = [
    "Yeni Həyat",
    "Qızılqaya",
    "Ərəbli",
    "Şıxlı",
    "Mollakənd",
    "Təzəkənd",
    "Yuxarı Salahlı",
    "Aşağı Qəsil",
    "Bala Bəhmənli",
    "Xəlilli",
    "Qarabucaq",
    "Sarıcalar",
    "Çaylı",
    "Günəşli",
    "Dəliməmmədli",
]
RUSSIAN_TOWNS = {
    "Bakı": "г. Баку",
    "Sumqayıt": "г. Сумгаит",
    "Gəncə": "г. Гянджа",
    "Mingəçevir": "г. Мингечевир",
    "Şirvan": "г. Ширван",
    "Lənkəran": "г. Ленкорань",
}
RUSSIAN_STREETS = [
    "ул. Низами",
    "ул. Физули",
    "ул. Самеда Вургуна",
    "пр. Гейдара Алиева",
    "пр. Азадлыг",
    "ул. Рашида Бейбутова",
    "ул. Джафара Джаббарлы",
    "ул. Узеира Гаджибекова",
    "ул. 28 Мая",
    "пр. Хатаи",
]

ABROAD_PLACES = {
    "TR": Table([("İstanbul", 45), ("Antalya", 20), ("Ankara", 8), ("İzmir", 8), ("Trabzon", 6),
                 ("Mersin", 4), ("Alanya", 5), ("Bursa", 4)]),
    "AE": Table([("Dubay", 70), ("Şarqa", 15), ("Əbu-Dabi", 15)]),
    "RU": Table([("Moskva", 40), ("Sankt-Peterburq", 15), ("Yekaterinburq", 8), ("Krasnodar", 10),
                 ("Novosibirsk", 5), ("Həştərxan", 7), ("Dərbənd", 8), ("Rostov-na-Donu", 7)]),
    "IR": Table([("Tehran", 40), ("Təbriz", 30), ("Ərdəbil", 20), ("Məşhəd", 10)]),
    "GE": Table([("Tbilisi", 50), ("Batumi", 35), ("Marneuli", 15)]),
    "QA": Table([("Doha", 1)]),
    "KZ": Table([("Aktau", 1), ("Almatı", 1)]),
    "UA": Table([("Kiyev", 2), ("Xarkov", 1), ("Odessa", 1)]),
    "DE": Table([("Berlin", 1), ("Frankfurt", 1)]),
    "CN": Table([("Quançjou", 1), ("Pekin", 1)]),
}  # fmt: skip
DESTINATION_PHRASES = {
    "TR": "Türkiyə Respublikasına", "AE": "Birləşmiş Ərəb Əmirliklərinə",
    "RU": "Rusiya Federasiyasına", "IR": "İran İslam Respublikasına", "GE": "Gürcüstana",
    "QA": "Qətər Dövlətinə", "KZ": "Qazaxıstan Respublikasına", "UA": "Ukraynaya",
    "DE": "Almaniyaya", "CN": "Çin Xalq Respublikasına",
}  # fmt: skip

# Forms of exploitation -----------------------------------------------------------------

F = ExploitationForm
FORM_TABLE: Table[str] = Table(
    [
        (F.SEXUAL, 70),
        (F.FORCED_LABOUR, 18),
        (F.FORCED_BEGGING, 5),
        (F.FORCED_MARRIAGE, 2.5),
        (F.SERVITUDE, 1.5),
        (F.ORGAN_REMOVAL, 1.5),
        (F.FORCED_CRIMINAL_ACTIVITY, 1.5),
    ]
)
# Where victims of each form were exploited (seeds 000, 001, 003).
DESTINATIONS: dict[str, Table[str]] = {
    F.SEXUAL: Table([("TR", 72), ("AE", 12), ("AZ", 5), ("RU", 4), ("IR", 3), ("GE", 2),
                     ("QA", 1), ("KZ", 0.5), ("DE", 0.5)]),
    F.FORCED_LABOUR: Table([("AZ", 45), ("RU", 35), ("TR", 8), ("AE", 3), ("KZ", 3), ("UA", 2),
                            ("GE", 2), ("IR", 2)]),
    F.FORCED_BEGGING: Table([("AZ", 85), ("TR", 8), ("RU", 4), ("GE", 3)]),
    F.FORCED_MARRIAGE: Table([("IR", 40), ("AZ", 30), ("TR", 15), ("RU", 5), ("CN", 10)]),
    F.SERVITUDE: Table([("AZ", 40), ("TR", 20), ("AE", 20), ("RU", 20)]),
    F.ORGAN_REMOVAL: Table([("TR", 45), ("UA", 30), ("IR", 15), ("RU", 10)]),
    F.FORCED_CRIMINAL_ACTIVITY: Table([("AZ", 50), ("RU", 30), ("TR", 20)]),
}  # fmt: skip
FEMALE_SHARE: dict[str, float] = {
    F.SEXUAL: 0.96,
    F.FORCED_LABOUR: 0.2,
    F.FORCED_BEGGING: 0.5,
    F.FORCED_MARRIAGE: 1.0,
    F.SERVITUDE: 0.6,
    F.ORGAN_REMOVAL: 0.3,
    F.FORCED_CRIMINAL_ACTIVITY: 0.3,
}
# Adults' age when identified: (low, high, mode).
ADULT_AGES: dict[str, tuple[int, int, int]] = {
    F.SEXUAL: (18, 45, 24),
    F.FORCED_LABOUR: (18, 58, 32),
    F.FORCED_BEGGING: (18, 70, 45),
    F.FORCED_MARRIAGE: (18, 30, 19),
    F.SERVITUDE: (18, 55, 30),
    F.ORGAN_REMOVAL: (20, 50, 30),
    F.FORCED_CRIMINAL_ACTIVITY: (18, 40, 22),
}
# A few victims suffered a second form too.
SECOND_FORM: dict[str, str] = {F.SEXUAL: F.FORCED_LABOUR, F.FORCED_MARRIAGE: F.SEXUAL}
CHILD_SHARE: dict[str, float] = {F.FORCED_BEGGING: 0.7, F.FORCED_MARRIAGE: 0.35}
CHILD_SHARE_OTHER = 0.07

CM = ControlMethod
CONTROL: dict[str, list[tuple[str, float]]] = {
    F.SEXUAL: [(CM.FALSE_PROMISES, 0.8), (CM.WITHHOLDS_DOCUMENTS, 0.6), (CM.TAKES_EARNINGS, 0.5),
               (CM.PHYSICAL_THREATS, 0.4), (CM.PSYCHOLOGICAL_ABUSE, 0.4), (CM.DEBT_BONDAGE, 0.35),
               (CM.PHYSICAL_ABUSE, 0.25), (CM.SEXUAL_ABUSE, 0.2), (CM.RESTRICTS_FINANCES, 0.2),
               (CM.THREATS_LAW_ENFORCEMENT, 0.2), (CM.THREATENS_FAMILY, 0.15),
               (CM.PSYCHOACTIVE, 0.08)],
    F.FORCED_LABOUR: [(CM.FALSE_PROMISES, 0.7), (CM.EXCESSIVE_HOURS, 0.7),
                      (CM.WITHHOLDS_DOCUMENTS, 0.6), (CM.TAKES_EARNINGS, 0.6),
                      (CM.DEBT_BONDAGE, 0.4), (CM.WITHHOLDS_NECESSITIES, 0.35),
                      (CM.THREATS_LAW_ENFORCEMENT, 0.3), (CM.PHYSICAL_THREATS, 0.25),
                      (CM.PHYSICAL_ABUSE, 0.15), (CM.RESTRICTS_MEDICAL, 0.1)],
}  # fmt: skip
CONTROL_OTHER: list[tuple[str, float]] = [
    (CM.PSYCHOLOGICAL_ABUSE, 0.5),
    (CM.PHYSICAL_THREATS, 0.4),
    (CM.FALSE_PROMISES, 0.4),
    (CM.TAKES_EARNINGS, 0.4),
    (CM.WITHHOLDS_NECESSITIES, 0.3),
    (CM.PHYSICAL_ABUSE, 0.3),
    (CM.THREATENS_FAMILY, 0.2),
    (CM.WITHHOLDS_DOCUMENTS, 0.2),
]

RM = RecruitmentMethod
RECRUITMENT: dict[str, Table[str]] = {
    F.SEXUAL: Table([(RM.FRIENDS, 30), (RM.SOCIAL_NETWORKS, 25), (RM.ONLINE_ADVERT, 12),
                     (RM.PLACE_OF_BUSINESS, 10), (RM.FAMILY, 8), (RM.AT_WORK, 8),
                     (RM.NEWSPAPER_ADVERT, 3), (RM.OTHER, 4)]),
    F.FORCED_LABOUR: Table([(RM.ONLINE_ADVERT, 25), (RM.FRIENDS, 25), (RM.AT_WORK, 15),
                            (RM.SOCIAL_NETWORKS, 15), (RM.NEWSPAPER_ADVERT, 8), (RM.FAMILY, 7),
                            (RM.TV_ADVERT, 1), (RM.OTHER, 4)]),
    F.FORCED_BEGGING: Table([(RM.FAMILY, 70), (RM.FRIENDS, 20), (RM.OTHER, 10)]),
    F.FORCED_MARRIAGE: Table([(RM.FAMILY, 60), (RM.FRIENDS, 25), (RM.SOCIAL_NETWORKS, 15)]),
}  # fmt: skip
RECRUITMENT_OTHER: Table[str] = Table(
    [
        (RM.FRIENDS, 40),
        (RM.SOCIAL_NETWORKS, 20),
        (RM.ONLINE_ADVERT, 15),
        (RM.FAMILY, 10),
        (RM.OTHER, 15),
    ]
)
RR = RecruiterRelationship
RELATIONSHIP: dict[str, Table[str]] = {
    RM.FAMILY: Table([(RR.FAMILY, 85), (RR.ACQUAINTED, 15)]),
    RM.FRIENDS: Table([(RR.ACQUAINTED, 90), (RR.FAMILY, 5), (RR.UNACQUAINTED, 5)]),
    RM.AT_WORK: Table([(RR.ACQUAINTED, 70), (RR.UNACQUAINTED, 30)]),
    RM.EDUCATIONAL: Table([(RR.ACQUAINTED, 80), (RR.UNACQUAINTED, 20)]),
}  # fmt: skip
RELATIONSHIP_OTHER: Table[str] = Table([(RR.UNACQUAINTED, 65), (RR.ACQUAINTED, 35)])
LS = LabourSector
SECTORS = Table(
    [(LS.A, 35), (LS.F, 30), (LS.T, 12), (LS.I, 8), (LS.C, 6), (LS.G, 5), (LS.B, 2), (LS.H, 2)]
)
SK = SexualExploitationKind
# Case summaries, in the reports' wording: "… məqsədilə Türkiyə Respublikasına aparılması".
FORM_PURPOSES: dict[str, str] = {
    F.SEXUAL: "cinsi istismar", F.FORCED_LABOUR: "məcburi əmək", F.FORCED_BEGGING: "dilənçilik",
    F.FORCED_MARRIAGE: "məcburi nikah", F.SERVITUDE: "köləlik şəraitində istismar",
    F.ORGAN_REMOVAL: "orqanlarının götürülməsi",
    F.FORCED_CRIMINAL_ACTIVITY: "cinayətkar fəaliyyətə cəlb etmə",
}  # fmt: skip
FORM_INTERNAL: dict[str, str] = {
    F.SEXUAL: "cinsi istismara məruz qalması", F.FORCED_LABOUR: "məcburi əməyə cəlb edilməsi",
    F.FORCED_BEGGING: "dilənçiliyə cəlb edilməsi", F.FORCED_MARRIAGE: "məcburi nikaha daxil edilməsi",
    F.SERVITUDE: "köləlik şəraitində saxlanılması", F.ORGAN_REMOVAL: "orqanlarının götürülməsi",
    F.FORCED_CRIMINAL_ACTIVITY: "cinayətkar fəaliyyətə cəlb edilməsi",
}  # fmt: skip

# Criminal justice ----------------------------------------------------------------------

PR = PerpetratorRole
# Most of those charged in sexual exploitation cases are women (seed 000: 17 of 20).
PERPETRATOR_FEMALE_SHARE: dict[str, float] = {
    F.SEXUAL: 0.75,
    F.FORCED_BEGGING: 0.55,
    F.FORCED_MARRIAGE: 0.6,
}
COURTS = Table(
    [
        ("Bakı Ağır Cinayətlər Məhkəməsi", 58),
        ("Sumqayıt Ağır Cinayətlər Məhkəməsi", 10),
        ("Gəncə Ağır Cinayətlər Məhkəməsi", 10),
        ("Şirvan Ağır Cinayətlər Məhkəməsi", 7),
        ("Lənkəran Ağır Cinayətlər Məhkəməsi", 8),
        ("Şəki Ağır Cinayətlər Məhkəməsi", 7),
    ]
)
CONFISCATED = [
    "Cinayət yolu ilə əldə edilmiş pul vəsaiti",
    "Minik avtomobili",
    "Mənzil",
    "Pul vəsaiti və mobil telefonlar",
    "Qızıl-zinət əşyaları",
]
GROUP_NICKNAMES = [
    "Qartallar",
    "Şimal",
    "Sarpi",
    "Dəniz",
    "Antalya",
    "Qara Leyla",
    "Dubay",
    "Körpü",
    "Karvan",
    "Yol",
    "Ulduz",
    "Sahil",
]
VICTIMS_PER_CASE = Table(
    [(1, 30), (2, 22), (3, 16), (4, 11), (5, 8), (6, 5), (8, 4), (10, 2), (14, 2)]
)
PERPETRATORS_PER_CASE = Table([(1, 83), (2, 13), (3, 3), (4, 1)])
YEARS = Table([(year, 1 + 0.04 * (year - FIRST_YEAR)) for year in range(FIRST_YEAR, LAST_YEAR + 1)])
PHONE_OPERATORS = Table(
    [("50", 30), ("51", 12), ("55", 25), ("70", 15), ("77", 10), ("99", 6), ("10", 2)]
)
ABROAD_PHONES = {
    "TR": "+90 5## ### ## ##",
    "RU": "+7 9## ###-##-##",
    "AE": "+971 5# ### ####",
    "GE": "+995 5## ## ## ##",
    "IR": "+98 91# ### ####",
}


# The generator -------------------------------------------------------------------------

_PATTERN_PARTS = re.compile(r"#+|[^#]+")


@dataclass
class Batch:
    """The rows of whole clusters (one case with its people, or one victim alone) waiting
    to be written together."""

    persons: list[tuple[Person, str, datetime.date]] = field(default_factory=list)
    names: list[PersonNameIndex] = field(default_factory=list)
    citizenships: list[Any] = field(default_factory=list)
    documents: list[PersonDocument] = field(default_factory=list)
    contacts: list[PersonContact] = field(default_factory=list)
    victims: list[VictimProfile] = field(default_factory=list)
    events: list[TraffickingEvent] = field(default_factory=list)
    children: list[ChildOfVictim] = field(default_factory=list)
    cases: list[CriminalCase] = field(default_factory=list)
    case_articles: list[Any] = field(default_factory=list)
    participants: list[CaseParticipant] = field(default_factory=list)
    prosecutions: list[Prosecution] = field(default_factory=list)


@dataclass
class Victim:
    person: Person
    sex: str
    born: datetime.date
    identified_on: datetime.date
    style: str
    name: Name
    address: str
    nationality: Nationality | None


class Generator:
    def __init__(self, rng: random.Random, *, owner: Agency, user: User | None):
        self.rng = rng
        self.owner = owner
        self.user = user
        self.today = timezone.localdate()
        self.start = datetime.date(FIRST_YEAR, 1, 1).toordinal()
        self.end = min(datetime.date(LAST_YEAR, 12, 31), self.today).toordinal()
        self.countries = {c.code: c for c in Country.objects.all()}
        missing = {"AZ", "TR", "AE", "RU", "IR", "GE"} - set(self.countries)
        if missing:
            raise ValueError(_("Load the countries first (ctis setup)."))
        self.articles = {a.code: a for a in CriminalCodeArticle.objects.all()}
        self.case_numbers = self._last_case_numbers()
        self._name_cache: dict[str, set[str]] = {}
        self.batch = Batch()
        self.citizenship_model = Person.citizenships.through
        self.article_model = CriminalCase.articles.through
        self.rows_person = Rows(Person)
        self.rows_name = Rows(PersonNameIndex)
        self.rows_citizenship = Rows(self.citizenship_model)
        self.rows_document = Rows(PersonDocument)
        self.rows_contact = Rows(PersonContact)
        self.rows_victim = Rows(VictimProfile)
        self.rows_event = Rows(TraffickingEvent)
        self.rows_child = Rows(ChildOfVictim)
        self.rows_case = Rows(CriminalCase)
        self.rows_article = Rows(self.article_model)
        self.rows_participant = Rows(CaseParticipant)
        self.rows_prosecution = Rows(Prosecution)

    # helpers

    def _last_case_numbers(self) -> dict[tuple[int, str], int]:
        """The highest number used so far for each year and article, so that a second run
        continues them."""
        pattern = re.compile(r"^(\d{4})/([\d-]+)/(\d+)$")
        last: dict[tuple[int, str], int] = defaultdict(int)
        numbers = CriminalCase.objects.filter(registering_agency=self.owner).values_list(
            "number", flat=True
        )
        for number in numbers.iterator(chunk_size=10000):
            match = pattern.match(number)
            if match:
                key = (int(match[1]), match[2])
                last[key] = max(last[key], int(match[3]))
        return last

    def after(self, day: datetime.date, low: int, high: int) -> datetime.date:
        return day + datetime.timedelta(days=self.rng.randint(low, high))

    def cap(self, day: datetime.date) -> datetime.date:
        return min(day, self.today)

    def digits(self, pattern: str) -> str:
        """Fill a pattern: each # is a random digit."""
        rng = self.rng
        out = []
        for part in _PATTERN_PARTS.findall(pattern):
            if part[0] == "#":
                out.append(f"{rng.randrange(10 ** len(part)):0{len(part)}d}")
            else:
                out.append(part)
        return "".join(out)

    def base_date(self) -> datetime.date:
        # Slightly more victims in later years, as in the seeds' series.
        year = YEARS(self.rng)
        first = max(datetime.date(year, 1, 1).toordinal(), self.start)
        last = min(datetime.date(year, 12, 31).toordinal(), self.end)
        return datetime.date.fromordinal(self.rng.randint(first, max(first, last)))

    def within(self, day: datetime.date) -> datetime.date:
        """``day`` kept inside the years the data covers, and not in the future."""
        return datetime.date.fromordinal(min(max(day.toordinal(), self.start), self.end))

    def born(self, on: datetime.date, age: int) -> datetime.date:
        """A birth date that makes the person ``age`` years old on ``on``."""
        latest = (
            on.replace(year=on.year - age)
            if not (on.month == 2 and on.day == 29)
            else (datetime.date(on.year - age, 2, 28))
        )
        return latest - datetime.timedelta(days=self.rng.randint(0, 364))

    @staticmethod
    def age(born: datetime.date, on: datetime.date) -> int:
        return on.year - born.year - ((on.month, on.day) < (born.month, born.day))

    def name_indexes(self, *names: str | None) -> set[str]:
        # name_index_values() of several names is the union of each name's values, so each
        # distinct name is indexed once and the blind indexes are exactly the services'.
        values: set[str] = set()
        for name in names:
            if not name:
                continue
            cached = self._name_cache.get(name)
            if cached is None:
                cached = self._name_cache[name] = name_index_values(name)
            values |= cached
        return values

    # names

    def az_name(
        self,
        sex: str,
        style: str,
        *,
        family: tuple[str, str] | None = None,
        patronymic: bool = True,
    ) -> Name:
        rng = self.rng
        given = rng.choice(AZ_FEMALE if sex == Sex.FEMALE else AZ_MALE)
        family = family or AZ_FAMILY_TABLE(rng)
        father = rng.choice(AZ_MALE) if patronymic and rng.random() < 0.85 else None
        female = sex == Sex.FEMALE
        marker = "qızı" if female else "oğlu"
        if style == "ru":
            result = Name(
                given[1],
                feminine(family[1]) if female else family[1],
                russian_patronymic(father[1], sex) if father else None,
                None,
            )
        elif style == "ru-latin":
            result = Name(
                russian_latin(given[1]),
                russian_latin(feminine(family[1]) if female else family[1]),
                russian_latin(russian_patronymic(father[1], sex)) if father else None,
                None,
            )
        elif style == "passport":
            result = Name(
                passport_ascii(given[0]),
                passport_ascii(feminine(family[0]) if female else family[0]),
                f"{passport_ascii(father[0])} {passport_ascii(marker)}" if father else None,
                None,
            )
        else:
            result = Name(
                given[0],
                feminine(family[0]) if female else family[0],
                f"{father[0]} {marker}" if father else None,
                None,
            )
        roll = rng.random()
        if roll < 0.10:
            # Another agency's spelling, noted as an alias.
            other = "az" if style != "az" else rng.choice(["ru", "ru-latin", "passport"])
            alias = self.spelled(given, family, sex, other)
            result.aliases = alias
        elif roll < 0.14 and female:
            # A maiden name.
            maiden = AZ_FAMILY_TABLE(rng)
            result.aliases = self.spelled(None, maiden, sex, style)
        return result

    def spelled(
        self, given: tuple[str, str] | None, family: tuple[str, str], sex: str, style: str
    ) -> str:
        female = sex == Sex.FEMALE
        parts = [family, given] if given else [family]
        words = []
        for index, (latin, cyrillic) in enumerate(parts):
            if index == 0 and female:
                latin, cyrillic = feminine(latin), feminine(cyrillic)
            if style == "ru":
                words.append(cyrillic)
            elif style == "ru-latin":
                words.append(russian_latin(cyrillic))
            elif style == "passport":
                words.append(passport_ascii(latin))
            else:
                words.append(latin)
        return " ".join(words)

    def foreign_name(self, nationality: Nationality, sex: str) -> Name:
        rng = self.rng
        female = sex == Sex.FEMALE
        given = rng.choice(nationality.female if female else nationality.male)
        family = rng.choice(nationality.family)
        cyrillic = rng.random() < nationality.cyrillic
        index = 1 if cyrillic else 0
        family_name = feminine(family[index]) if female else family[index]
        patronymic = None
        if rng.random() < nationality.russian_patronymic:
            father = rng.choice(nationality.male)[1]
            patronymic = russian_patronymic(father, sex)
            if not cyrillic:
                patronymic = russian_latin(patronymic)
        return Name(given[index], family_name, patronymic, None)

    # persons

    def person(
        self,
        *,
        prefix: str,
        registered: datetime.date,
        sex: str,
        born: datetime.date | None,
        name: Name,
        address: str | None,
        citizenship: str,
        languages: list[str],
        documents: list[tuple[str, str, str]],
        phones: list[str],
    ) -> Person:
        person = self.rows_person(
            owner_agency_id=self.owner.pk,
            created_by_agency_id=self.owner.pk,
            created_by_id=self.user.pk if self.user else None,
            given_name=name.given,
            family_name=name.family or None,
            patronymic=name.patronymic or None,
            aliases=name.aliases or None,
            birth_date=born.isoformat() if born else None,
            birth_year=born.year if born else None,
            sex=sex,
            languages=languages,
            address=address or None,
        )
        batch = self.batch
        batch.persons.append((person, prefix, registered))
        batch.names.extend(
            self.rows_name(person_id=person.pk, value=value)
            for value in sorted(
                self.name_indexes(name.given, name.family, name.patronymic, name.aliases)
            )
        )
        batch.citizenships.append(
            self.rows_citizenship(person_id=person.pk, country_id=citizenship)
        )
        for kind, number, issuer in documents:
            batch.documents.append(
                self.rows_document(
                    person_id=person.pk,
                    kind=kind,
                    number=number,
                    number_index=crypto.blind_index(
                        document_number_key(number), purpose="person.document"
                    ),
                    issuer_id=issuer,
                )
            )
        for phone in phones:
            batch.contacts.append(
                self.rows_contact(
                    person_id=person.pk,
                    kind=ContactKind.PHONE,
                    value=phone,
                    value_index=crypto.blind_index(
                        contact_key(ContactKind.PHONE, phone), purpose="person.contact"
                    ),
                )
            )
        return person

    def az_address(self, town: str, style: str) -> str:
        rng = self.rng
        house = rng.randint(1, 180)
        flat = rng.randint(1, 120)
        if style == "ru" and town in RUSSIAN_TOWNS:
            return f"{RUSSIAN_TOWNS[town]}, {rng.choice(RUSSIAN_STREETS)}, д. {house}, кв. {flat}"
        if town == "Bakı":
            return (
                f"Bakı şəhəri, {rng.choice(BAKU_DISTRICTS)} rayonu, {rng.choice(STREETS)}, "
                f"ev {house}, mənzil {flat}"
            )
        if town in ("Sumqayıt", "Gəncə", "Mingəçevir", "Şirvan", "Naxçıvan") or rng.random() < 0.5:
            return f"{town} şəhəri, {rng.choice(STREETS)}, ev {house}"
        return f"{town} rayonu, {rng.choice(VILLAGES)} kəndi, ev {house}"

    def az_phone(self) -> str:
        rng = self.rng
        number = f"{PHONE_OPERATORS(rng)}{self.digits('#######')}"
        layout = rng.random()
        if layout < 0.6:
            return f"+994 {number[:2]} {number[2:5]} {number[5:7]} {number[7:]}"
        if layout < 0.85:
            return f"0{number[:2]} {number[2:5]} {number[5:7]} {number[7:]}"
        return f"+994{number}"

    def az_documents(self, on: datetime.date, age: int, abroad: bool) -> list[tuple[str, str, str]]:
        rng = self.rng
        documents: list[tuple[str, str, str]] = []
        if age >= 16 or rng.random() < 0.4:
            if rng.random() < 0.88:
                newer = on.year >= 2019 and rng.random() < 0.7
                # Identity cards: AZE and 8 digits until 2018, AA (now AB) and 7 digits since.
                number = self.digits(
                    rng.choice(["AA", "AB"]) + "#######" if newer else "AZE########"
                )
                documents.append((DocumentKind.ID_CARD, number, "AZ"))
        if rng.random() < (0.6 if abroad else 0.12):
            documents.append((DocumentKind.PASSPORT, self.digits("C########"), "AZ"))
        return documents

    # clusters

    def cluster(self, budget: int) -> tuple[int, int, int, int]:
        """Generate one case with its victims and perpetrators, or one victim without a
        case; returns (victims, perpetrators, children, prosecutions) within ``budget``."""
        rng = self.rng
        base = self.base_date()
        form = FORM_TABLE(rng)
        with_case = rng.random() < 0.86
        victims_wanted = VICTIMS_PER_CASE(rng) if with_case else 1
        perpetrators_wanted = PERPETRATORS_PER_CASE(rng) if with_case else 0
        if with_case and rng.random() < 0.03:
            perpetrators_wanted = 0  # nobody identified yet
        victims_wanted = min(victims_wanted, budget)
        perpetrators_wanted = min(perpetrators_wanted, budget - victims_wanted)
        destination = DESTINATIONS[form](rng)
        foreign = rng.random() < 0.045 and form in (F.SEXUAL, F.FORCED_LABOUR, F.SERVITUDE)
        nationality = FOREIGN_TABLE(rng) if foreign else None
        if nationality is not None:
            destination = "AZ"
        recruit_town = AZ_TOWNS(rng)
        registered = self.within(self.after(base, 0, 40))
        victims: list[Victim] = []
        children = 0
        for _index in range(victims_wanted):
            if victims and rng.random() < 0.15:
                own_form = FORM_TABLE(rng)  # a co-victim exploited differently
            else:
                own_form = form
            own_destination = (
                destination if rng.random() < 0.9 or nationality else (DESTINATIONS[own_form](rng))
            )
            identified = self.within(self.after(base, -10, 90))
            status = self.status(with_case, identified)
            victim = self.victim(
                own_form, own_destination, recruit_town, identified, status, nationality
            )
            victims.append(victim)
            left = budget - victims_wanted - perpetrators_wanted - children
            if left > 0 and victim.sex == Sex.FEMALE and self.age(victim.born, identified) >= 20:
                if rng.random() < 0.09:
                    self.child_of(victim)
                    children += 1
        prosecutions = 0
        if with_case:
            prosecutions = self.case(
                form, destination, registered, victims, perpetrators_wanted, recruit_town
            )
        return len(victims), perpetrators_wanted, children, prosecutions

    def status(self, with_case: bool, identified: datetime.date) -> str:
        roll = self.rng.random()
        recent = (self.today - identified).days < 120
        if with_case:
            if roll < (0.35 if recent else 0.05):
                return TraffickingStatus.POSSIBLE
            return TraffickingStatus.ACTUAL
        if roll < (0.65 if recent else 0.45):
            return TraffickingStatus.POSSIBLE
        if roll < 0.88:
            return TraffickingStatus.NOT_A_VICTIM
        return TraffickingStatus.ACTUAL

    def victim(
        self,
        form: str,
        destination: str,
        recruit_town: str,
        identified: datetime.date,
        status: str,
        nationality: Nationality | None,
    ) -> Victim:
        rng = self.rng
        sex = Sex.FEMALE if rng.random() < FEMALE_SHARE[form] else Sex.MALE
        child = rng.random() < CHILD_SHARE.get(form, CHILD_SHARE_OTHER) and nationality is None
        if child:
            low = 6 if form == F.FORCED_BEGGING else 14
            age = rng.randint(low, 17)
        else:
            low, high, mode = ADULT_AGES[form]
            age = int(rng.triangular(low, high + 1, mode))
        born = self.born(identified, age)
        # Exploitation lasted from a few weeks to three years before identification.
        months = int(rng.triangular(0.5, 36, 4))
        recruited = max(
            identified - datetime.timedelta(days=30 * months + rng.randint(0, 29)),
            born + datetime.timedelta(days=365 * 5),
        )
        age_trafficked = self.age(born, recruited)
        if nationality is None:
            style = STYLE_TABLE(rng)
            name = self.az_name(sex, style)
            home = recruit_town if rng.random() < 0.7 else AZ_TOWNS(rng)
            address = self.az_address(home, style) if rng.random() < 0.93 else None
            languages = (
                ["az"]
                + (["ru"] if rng.random() < 0.3 else [])
                + (["tr"] if destination == "TR" and rng.random() < 0.3 else [])
            )
            documents = self.az_documents(identified, age, destination != "AZ")
            phones = [self.az_phone()] if rng.random() < (0.9 if age >= 16 else 0.4) else []
            if destination in ABROAD_PHONES and rng.random() < 0.15:
                phones.append(self.digits(ABROAD_PHONES[destination]))
            citizenship = "AZ"
        else:
            style = "foreign"
            name = self.foreign_name(nationality, sex)
            address = (
                (
                    f"Bakı şəhəri, {rng.choice(BAKU_DISTRICTS)} rayonu, {rng.choice(STREETS)}, "
                    f"ev {rng.randint(1, 180)}"
                )
                if rng.random() < 0.5
                else None
            )
            languages = list(nationality.languages)
            documents = (
                [(DocumentKind.PASSPORT, self.digits(nationality.passport), nationality.country)]
                if rng.random() < 0.7
                else []
            )
            phones = [self.digits(nationality.phone)] if rng.random() < 0.6 else []
            if rng.random() < 0.4:
                phones.append(self.az_phone())
            citizenship = nationality.country
        person = self.person(
            prefix="V",
            registered=identified,
            sex=sex,
            born=born,
            name=name,
            address=address,
            citizenship=citizenship,
            languages=languages,
            documents=documents,
            phones=phones,
        )
        forms = [form]
        if rng.random() < 0.05:
            extra = SECOND_FORM.get(form, F.SERVITUDE)
            forms.append(extra)
        forms = sorted(set(forms))
        countries = self.events_for(
            person, form, destination, recruit_town, recruited, identified, born, nationality
        )
        decided = status != TraffickingStatus.POSSIBLE
        method = RECRUITMENT.get(form, RECRUITMENT_OTHER)(rng)
        if child and form != F.FORCED_BEGGING and rng.random() < 0.15:
            method = RM.EDUCATIONAL
        profile = self.rows_victim(
            person_id=person.pk,
            status=status,
            status_decided_by_id=self.owner.pk if decided else None,
            status_decided_on=self.cap(self.after(identified, 0, 45)) if decided else None,
            identified_on=identified,
            forms=forms,
            labour_sector=SECTORS(rng) if F.FORCED_LABOUR in forms else "",
            sexual_kinds=self.sexual_kinds(identified) if F.SEXUAL in forms else [],
            control_methods=self.control_methods(form),
            recruitment_method=method,
            recruiter_relationship=RELATIONSHIP.get(method, RELATIONSHIP_OTHER)(rng),
            age_when_trafficked=age_trafficked,
            scope=Scope.INTERNAL if countries == {HOME_COUNTRY} else Scope.TRANSNATIONAL,
        )
        person.mirror_victim(profile)
        self.batch.victims.append(profile)
        return Victim(person, sex, born, identified, style, name, address or "", nationality)

    def sexual_kinds(self, identified: datetime.date) -> list[str]:
        rng = self.rng
        kinds = [SK.PROSTITUTION] if rng.random() < 0.92 else []
        if rng.random() < 0.2:
            kinds.append(SK.PRIVATE)
        if rng.random() < 0.05:
            kinds.append(SK.PORNOGRAPHY)
        if rng.random() < (0.08 if identified.year >= 2020 else 0.02):
            kinds.append(SK.REMOTE)
        return sorted(set(kinds or [SK.PROSTITUTION]))

    def control_methods(self, form: str) -> list[str]:
        rng = self.rng
        options = CONTROL.get(form, CONTROL_OTHER)
        chosen = [method for method, share in options if rng.random() < share]
        return sorted(set(chosen or [options[0][0]]))

    def events_for(
        self,
        person: Person,
        form: str,
        destination: str,
        recruit_town: str,
        recruited: datetime.date,
        identified: datetime.date,
        born: datetime.date,
        nationality: Nationality | None,
    ) -> set[str]:
        """Recruitment, sometimes transit, exploitation; returns the countries."""
        rng = self.rng
        profile_events = []
        if nationality is not None:
            origin, origin_place = nationality.country, rng.choice(nationality.towns)
        else:
            origin, origin_place = "AZ", recruit_town
        recruited = max(recruited, born)
        profile_events.append(
            (
                EventKind.RECRUITMENT,
                origin,
                origin_place,
                recruited,
                recruited if rng.random() < 0.7 else None,
            )
        )
        moved = self.cap(self.after(recruited, 1, 20))
        moved = min(moved, identified)
        transit = None
        if destination in ("AE", "QA", "DE") and rng.random() < 0.35:
            transit = rng.choice(["TR", "GE"])
        elif destination == "TR" and rng.random() < 0.2:
            transit = "GE"
        elif nationality is not None and rng.random() < 0.3:
            transit = "RU" if nationality.country != "RU" else "GE"
        if transit:
            profile_events.append(
                (
                    EventKind.TRANSIT,
                    transit,
                    ABROAD_PLACES[transit](rng),
                    moved,
                    self.cap(self.after(moved, 0, 6)),
                )
            )
            moved = self.cap(self.after(moved, 1, 7))
        if destination == "AZ":
            if form == F.FORCED_LABOUR and rng.random() < 0.6:
                place = AZ_FARMING(rng)
            elif rng.random() < 0.6:
                place = "Bakı"
            else:
                place = AZ_TOWNS(rng)
        else:
            place = ABROAD_PLACES[destination](rng)
        start = min(moved, identified)
        end = identified - datetime.timedelta(days=rng.randint(0, 20))
        profile_events.append(
            (
                EventKind.EXPLOITATION,
                destination,
                place,
                start,
                max(end, start) if rng.random() < 0.85 else None,
            )
        )
        # A victim profile's primary key is its person's.
        for kind, country, event_place, started, ended in profile_events:
            self.batch.events.append(
                self.rows_event(
                    victim_id=person.pk,
                    kind=kind,
                    country_id=country,
                    place=event_place,
                    started_on=started,
                    ended_on=ended,
                )
            )
        return {country for _kind, country, *_rest in profile_events}

    def child_of(self, mother: Victim) -> None:
        rng = self.rng
        mother_age = self.age(mother.born, mother.identified_on)
        age = rng.randint(0, min(15, mother_age - 18))
        born = self.born(mother.identified_on, age)
        sex = rng.choice([Sex.FEMALE, Sex.MALE])
        measures = []
        if age < 6 and rng.random() < 0.5:
            measures.append(ChildMeasure.PRESCHOOL)
        if age >= 6 and rng.random() < 0.5:
            measures.append(ChildMeasure.SCHOOL)
        if rng.random() < 0.35:
            measures.append(ChildMeasure.BIRTH_CERTIFICATE)
        paternity = rng.random() < 0.3
        if paternity:
            measures.append(ChildMeasure.PATERNITY)
            if rng.random() < 0.6:
                measures.append(ChildMeasure.ALIMONY)
        if rng.random() < 0.3:
            measures.append(ChildMeasure.HEALTH)
        registered = self.cap(self.after(mother.identified_on, 0, 30))
        if mother.nationality is None:
            style = mother.style if mother.style != "foreign" else "az"
            family = AZ_FAMILY_TABLE(rng) if paternity else self.family_of(mother.name.family)
            name = self.az_name(sex, style, family=family, patronymic=paternity)
            name.aliases = None
            citizenship, languages = "AZ", ["az"]
        else:
            name = self.foreign_name(mother.nationality, sex)
            citizenship, languages = mother.nationality.country, list(mother.nationality.languages)
        child = self.person(
            prefix="C",
            registered=registered,
            sex=sex,
            born=born,
            name=name,
            address=mother.address or None,
            citizenship=citizenship,
            languages=languages,
            documents=[],
            phones=[],
        )
        self.batch.children.append(
            self.rows_child(
                parent_id=mother.person.pk, child_id=child.pk, measures=sorted(set(measures))
            )
        )

    @staticmethod
    def family_of(spelled: str) -> tuple[str, str]:
        """The (Latin, Cyrillic) family name a spelled family name came from."""
        for latin, cyrillic in AZ_FAMILY:
            if spelled in (
                latin,
                feminine(latin),
                cyrillic,
                feminine(cyrillic),
                russian_latin(cyrillic),
                russian_latin(feminine(cyrillic)),
                passport_ascii(latin),
                passport_ascii(feminine(latin)),
            ):
                return latin, cyrillic
        return AZ_FAMILY[0]

    def case(
        self,
        form: str,
        destination: str,
        registered: datetime.date,
        victims: list[Victim],
        perpetrators: int,
        town: str,
    ) -> int:
        rng = self.rng
        batch = self.batch
        if form == F.FORCED_LABOUR and rng.random() < 0.75:
            primary = "144-2"
        elif rng.random() < 0.05:
            primary = "144-3"
        else:
            primary = "144-1"
        articles = [primary]
        if primary != "144-3" and rng.random() < 0.15:
            articles.append("144-3")
        if form == F.SEXUAL and rng.random() < 0.08:
            articles.append("243")
        if form == F.SEXUAL and rng.random() < 0.03:
            articles.append("244")
        if destination != "AZ" and rng.random() < 0.04:
            articles.append("318-1")
        key = (registered.year, primary)
        self.case_numbers[key] += 1
        number = f"{registered.year}/{primary}/{self.case_numbers[key]:04d}"
        group = ""
        if perpetrators >= 2 and rng.random() < 0.6:
            if rng.random() < 0.5:
                group = f"“{rng.choice(GROUP_NICKNAMES)}” cinayətkar qrupu"
            else:
                group = f"{perpetrators} nəfərdən ibarət mütəşəkkil dəstə ({town})"
        if destination == "AZ":
            summary = f"{len(victims)} nəfərin ölkə daxilində {FORM_INTERNAL[form]} faktı üzrə."
        else:
            summary = (
                f"{len(victims)} nəfərin {FORM_PURPOSES[form]} məqsədilə "
                f"{DESTINATION_PHRASES[destination]} aparılması faktı üzrə."
            )
        case = self.rows_case(
            number=number,
            registering_agency_id=self.owner.pk,
            owner_agency_id=self.owner.pk,
            registered_on=registered,
            criminal_group=group,
            summary=summary,
        )
        batch.cases.append(case)
        batch.case_articles.extend(
            self.rows_article(
                criminalcase_id=case.pk, criminalcodearticle_id=self.articles[code].pk
            )
            for code in articles
            if code in self.articles
        )
        for victim in victims:
            if rng.random() < 0.97:  # a few are still being identified
                batch.participants.append(
                    self.rows_participant(
                        case_id=case.pk, person_id=victim.person.pk, role=ParticipantRole.VICTIM
                    )
                )
        charged = wanted = 0
        verdicts = pending = 0
        prosecutions = 0
        for index in range(perpetrators):
            outcome = self.perpetrator(case, form, destination, registered, index, group, town)
            if outcome is None:
                wanted += 1
                continue
            charged += 1
            if outcome == "verdict":
                verdicts += 1
                prosecutions += 1
            elif outcome == "court":
                pending += 1
                prosecutions += 1
        age_days = (self.today - registered).days
        if verdicts and not pending and not wanted:
            case.status = CaseStatus.CLOSED
        elif verdicts or pending:
            case.status = CaseStatus.IN_COURT
        elif wanted and not charged and age_days > 365:
            case.status = CaseStatus.SUSPENDED
        elif perpetrators == 0 and age_days > 365:
            case.status = CaseStatus.SUSPENDED
        else:
            case.status = CaseStatus.INVESTIGATION
        case.solved = charged > 0
        return prosecutions

    def perpetrator(
        self,
        case: CriminalCase,
        form: str,
        destination: str,
        registered: datetime.date,
        index: int,
        group: str,
        town: str,
    ) -> str | None:
        """One perpetrator with their part in the case and, for older cases, their trial.
        Returns None while they are wanted, "court" when the trial is pending, "verdict"
        when it ended, "" when not yet sent to court."""
        rng = self.rng
        female_share = PERPETRATOR_FEMALE_SHARE.get(form, 0.2)
        sex = Sex.FEMALE if rng.random() < female_share else Sex.MALE
        age = int(rng.triangular(21, 66, 38))
        born = self.born(registered, age)
        foreign = destination in ("TR", "RU", "GE", "IR") and index > 0 and rng.random() < 0.35
        citizenship = destination if foreign else "AZ"
        style = STYLE_TABLE(rng)
        if foreign and destination in ("RU",):
            name = self.foreign_name(FOREIGN[3], sex)
        elif foreign:
            # Exploiters in Türkiye, Georgia or Iran, often of Azerbaijani descent: entered
            # from their passports in Latin, without a patronymic.
            name = self.az_name(sex, "passport", patronymic=False)
        else:
            name = self.az_name(sex, style)
        documents = self.az_documents(registered, age, destination != "AZ") if not foreign else []
        phones = [self.az_phone()] if rng.random() < 0.7 else []
        person = self.person(
            prefix="P",
            registered=registered,
            sex=sex,
            born=born,
            name=name,
            address=self.az_address(town if rng.random() < 0.6 else AZ_TOWNS(rng), style)
            if not foreign and rng.random() < 0.85
            else None,
            citizenship=citizenship,
            languages=["az"] + (["ru"] if rng.random() < 0.35 else []) if not foreign else ["ru"],
            documents=documents,
            phones=phones,
        )
        if index == 0:
            roles = [PR.RECRUITER] + ([PR.TRANSPORTER] if rng.random() < 0.3 else [])
            if group:
                roles.append(PR.ORGANISER)
        else:
            roles = [
                rng.choice(
                    [
                        PR.EXPLOITER,
                        PR.HARBOURER,
                        PR.TRANSPORTER,
                        PR.SELLER,
                        PR.BUYER,
                        PR.BROKER,
                        PR.RECRUITER,
                    ]
                )
            ]
            if foreign:
                roles = [PR.EXPLOITER] + ([PR.BUYER] if rng.random() < 0.3 else [])
        roll = rng.random()
        wanted = WantedStatus.NOT_WANTED
        extradition = Extradition.NONE
        caught_on = None
        if roll < (0.45 if foreign else 0.1):
            wanted = WantedStatus.ABROAD
            extradition = Table(
                [
                    (Extradition.NONE, 35),
                    (Extradition.REQUESTED, 45),
                    (Extradition.DONE, 15),
                    (Extradition.REFUSED, 5),
                ]
            )(rng)
        elif roll < (0.5 if foreign else 0.18):
            wanted = WantedStatus.IN_COUNTRY
        if wanted:
            caught = rng.random() < (0.9 if extradition == Extradition.DONE else 0.4)
            if caught:
                day = self.after(registered, 20, 700)
                if day <= self.today:
                    caught_on = day
                    wanted = WantedStatus.CAUGHT
                elif extradition == Extradition.DONE:
                    extradition = Extradition.REQUESTED
            elif extradition == Extradition.DONE:
                extradition = Extradition.REQUESTED
        self.batch.participants.append(
            self.rows_participant(
                case_id=case.pk,
                person_id=person.pk,
                role=ParticipantRole.PERPETRATOR,
                perpetrator_roles=sorted(set(roles)),
                group_member=bool(group),
                wanted=wanted,
                caught_on=caught_on,
                extradition=extradition,
            )
        )
        if wanted in (WantedStatus.ABROAD, WantedStatus.IN_COUNTRY):
            return None
        start = caught_on or registered
        sent = self.after(start, 45, 240)
        if sent > self.today or rng.random() < 0.06:
            return ""
        verdict_on = self.after(sent, 30, 200)
        prosecution = self.rows_prosecution(
            case_id=case.pk, accused_id=person.pk, court=COURTS(rng), sent_to_court_on=sent
        )
        if verdict_on <= self.today:
            prosecution.verdict_on = verdict_on
            self.verdict(prosecution)
            result = "verdict"
        else:
            result = "court"
        self.batch.prosecutions.append(prosecution)
        return result

    def verdict(self, prosecution: Prosecution) -> None:
        rng = self.rng
        roll = rng.random()
        if roll < 0.04:
            prosecution.outcome = VerdictOutcome.ACQUITTED
            return
        if roll < 0.07:
            prosecution.outcome = VerdictOutcome.DISMISSED
            return
        prosecution.outcome = VerdictOutcome.CONVICTED
        sentence = rng.random()
        if sentence < 0.78:
            prosecution.sentence = SentenceKind.IMPRISONMENT
            prosecution.term_months = int(rng.triangular(48, 144, 84)) // 6 * 6
        elif sentence < 0.91:
            prosecution.sentence = SentenceKind.CONDITIONAL
            prosecution.term_months = rng.choice([24, 30, 36, 48, 60])
        elif sentence < 0.95:
            prosecution.sentence = SentenceKind.DEFERRED
            prosecution.term_months = rng.choice([12, 18, 24, 36])
        else:
            prosecution.sentence = SentenceKind.FINE
            prosecution.fine_azn = Decimal(rng.randint(2, 18) * 500)
        if rng.random() < 0.2:
            prosecution.confiscation = True
            prosecution.confiscation_note = rng.choice(CONFISCATED)

    # writing

    def flush(self, *, seed: int, number: int) -> int:
        """Write the batch in one transaction with one audit entry; returns its persons."""
        batch, self.batch = self.batch, Batch()
        if not batch.persons:
            return 0
        with transaction.atomic():
            if connection.vendor == "postgresql":
                # Synthetic rows need not wait for the WAL flush at commit (a crash loses at
                # most the last batch, never consistency); only this transaction is affected.
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL synchronous_commit TO OFF")
            self.assign_codes(batch)
            Person.objects.bulk_create([person for person, _prefix, _day in batch.persons])
            self.citizenship_model.objects.bulk_create(batch.citizenships)
            PersonNameIndex.objects.bulk_create(batch.names)
            PersonDocument.objects.bulk_create(batch.documents)
            PersonContact.objects.bulk_create(batch.contacts)
            VictimProfile.objects.bulk_create(batch.victims)
            TraffickingEvent.objects.bulk_create(batch.events)
            ChildOfVictim.objects.bulk_create(batch.children)
            CriminalCase.objects.bulk_create(batch.cases)
            self.article_model.objects.bulk_create(batch.case_articles)
            CaseParticipant.objects.bulk_create(batch.participants)
            Prosecution.objects.bulk_create(batch.prosecutions)
            audit_record(
                actor=None,
                action="cases.demo.generate",
                object_type="cases.person",
                changes={"persons": len(batch.persons), "seed": seed, "batch": number},
            )
        return len(batch.persons)

    @staticmethod
    def assign_codes(batch: Batch) -> None:
        """Take a run of numbers for each prefix and year, as entry does, and give them out
        in order of registration."""
        groups: dict[tuple[str, int], list[tuple[datetime.date, int, Person]]] = defaultdict(list)
        for order, (person, prefix, day) in enumerate(batch.persons):
            groups[(prefix, day.year)].append((day, order, person))
        for prefix, year in sorted(groups):
            members = sorted(groups[(prefix, year)], key=lambda row: (row[0], row[1]))
            first = code_numbers_take(prefix, year, len(members))
            for offset, (_day, _order, person) in enumerate(members):
                person.code = person_code(prefix, year, first + offset)


def demo_persons(*, count: int, seed: int = 2021, batch_size: int = 2000, stdout=None) -> dict:
    """Generate ``count`` synthetic persons owned by the special police unit (see the
    module's docstring); returns counts and the time taken."""
    if settings.PRODUCTION:
        raise ValueError(_("Demonstration data is never generated in production."))
    if count < 1:
        raise ValueError(_("The number of persons must be at least 1."))
    if batch_size < 1:
        raise ValueError(_("The batch size must be at least 1."))
    owner = Agency.objects.filter(code=OWNER_AGENCY).first()
    if owner is None:
        raise ValueError(
            _("The agency %(code)s does not exist: run ctis setup first.") % {"code": OWNER_AGENCY}
        )
    if not CriminalCodeArticle.objects.filter(code__in=["144-1", "144-2", "144-3"]).exists():
        articles_load_reference()
    user = User.objects.filter(username=DEMO_USER).first()
    generator = Generator(random.Random(seed), owner=owner, user=user)
    started = time.perf_counter()
    totals = {
        "persons": 0,
        "victims": 0,
        "perpetrators": 0,
        "children": 0,
        "cases": 0,
        "prosecutions": 0,
        "batches": 0,
    }
    pending = 0
    while totals["persons"] + pending < count:
        cases_before = len(generator.batch.cases)
        victims, perpetrators, children, prosecutions = generator.cluster(
            count - totals["persons"] - pending
        )
        totals["victims"] += victims
        totals["perpetrators"] += perpetrators
        totals["children"] += children
        totals["prosecutions"] += prosecutions
        totals["cases"] += len(generator.batch.cases) - cases_before
        pending += victims + perpetrators + children
        if pending >= batch_size or totals["persons"] + pending >= count:
            totals["batches"] += 1
            totals["persons"] += generator.flush(seed=seed, number=totals["batches"])
            pending = 0
            if stdout is not None:
                elapsed = time.perf_counter() - started
                stdout.write(
                    _("%(done)d of %(total)d persons written (%(rate).0f persons/s).")
                    % {
                        "done": totals["persons"],
                        "total": count,
                        "rate": totals["persons"] / elapsed if elapsed else 0,
                    }
                    + "\n"
                )
    seconds = time.perf_counter() - started
    return {
        **totals,
        "seconds": seconds,
        "persons_per_second": totals["persons"] / seconds if seconds else 0.0,
    }
