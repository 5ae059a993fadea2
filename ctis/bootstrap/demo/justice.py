"""Vocabulary: criminal justice in the demonstration data (who is charged, the courts,
what is confiscated, how many victims and perpetrators a case has)."""

from __future__ import annotations

from ctis.bootstrap.demo.weights import Table
from ctis.cases.choices import ExploitationForm, PerpetratorRole

F = ExploitationForm
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
