"""Vocabulary: the places of the demonstration data (towns, streets and villages in
Azerbaijan, places abroad) and the shape of phone numbers."""

from __future__ import annotations

from ctis.bootstrap.demo.weights import Table

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
