"""Vocabulary: the given and family names of the demonstration persons.

Each name is a pair (Azerbaijani Latin, the Russian spelling in Cyrillic). The Russian
spellings are the ones registry offices used (Мамедов, not Маммадов), so some differ from
a letter-by-letter transliteration (Кулиев for Quliyev, Мехтиев for Mehdiyev), as they do
in real records. Foreign nationalities bring their own names, documents and towns.
"""

from __future__ import annotations

from dataclasses import dataclass

from ctis.bootstrap.demo.weights import Table

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
