"""``persons_with_contact``: how the hotline and monitoring find a person by a phone or an
address, in any writing, only where the user may see the person's contacts."""

from ctis.cases.selectors import persons_with_contact


def test_a_person_is_found_by_another_writing_of_the_number(victim, investigator):
    assert list(persons_with_contact(investigator, "phone", "050 123 45 67")) == [victim]
    assert list(persons_with_contact(investigator, "Phone", "(050) 123-45-67")) == [victim]
    assert list(persons_with_contact(investigator, "phone", "050 123 45 68")) == []


def test_nobody_is_found_for_a_user_who_may_not_see_the_contacts(victim, outsider):
    assert list(persons_with_contact(outsider, "phone", "+994501234567")) == []
