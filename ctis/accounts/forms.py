from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ctis.accounts.models import Agency, AgencyKind, User
from ctis.accounts.roles import Role
from ctis.core import bounds
from ctis.core.forms import VersionField


class LoginForm(forms.Form):
    username = forms.CharField(
        label=_("User name"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True}),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class CodeForm(forms.Form):
    code = forms.RegexField(
        label=_("Code from your authenticator app"),
        regex=r"^\s*\d{3}\s?\d{3}\s*$",
        error_messages={"invalid": _("Enter the 6 digits your authenticator app shows.")},
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "autofocus": True,
                "size": 8,
            }
        ),
    )


# --- agency registry ------------------------------------------------------------------


class AgencyFilterForm(forms.Form):
    q = forms.CharField(label=_("Name"), required=False, max_length=100)
    kind = forms.ChoiceField(
        label=_("Type"), required=False, choices=[("", _("All types")), *AgencyKind.choices]
    )
    active = forms.ChoiceField(
        label=_("Active"),
        required=False,
        choices=[("", _("All")), ("yes", _("Active")), ("no", _("Not active"))],
    )

    def selection(self) -> dict:
        data = self.cleaned_data if self.is_valid() else {}
        return {
            "query": (data.get("q") or "").strip(),
            "kind": data.get("kind") or "",
            "active": _yes_no(data.get("active")),
        }


class AgencyForm(forms.Form):
    code = forms.SlugField(
        label=_("Code"),
        max_length=40,
        help_text=_("Short Latin identifier used in addresses, for example: mia-ctd."),
    )
    kind = forms.ChoiceField(label=_("Type"), choices=[("", "—"), *AgencyKind.choices])
    parent = forms.ModelChoiceField(
        label=_("Parent body"), queryset=Agency.objects.all(), required=False, empty_label="—"
    )
    name_az = forms.CharField(label=_("Name (Azerbaijani)"), max_length=300)
    name_en = forms.CharField(label=_("Name (English)"), max_length=300, required=False)
    name_ru = forms.CharField(label=_("Name (Russian)"), max_length=300, required=False)
    short_az = forms.CharField(label=_("Short name (Azerbaijani)"), max_length=60, required=False)
    short_en = forms.CharField(label=_("Short name (English)"), max_length=60, required=False)
    short_ru = forms.CharField(label=_("Short name (Russian)"), max_length=60, required=False)
    plan_names = forms.CharField(
        max_length=bounds.NOTE,
        label=_("Names in the action plan"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One per line: the spellings by which the action plan names this body."),
    )
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)
    version = VersionField()

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not editing:
            del self.fields["version"]

    @staticmethod
    def initial_for(agency: Agency) -> dict:
        initial = {name: getattr(agency, name) for name in AgencyForm.base_fields}
        initial["parent"] = agency.parent_id
        initial["plan_names"] = "\n".join(agency.plan_names or [])
        return initial

    def clean_plan_names(self) -> list[str]:
        lines = (self.cleaned_data.get("plan_names") or "").splitlines()
        names: list[str] = []
        for line in lines:
            name = " ".join(line.split())
            if name and name not in names:
                names.append(name)
        return names


# --- users ----------------------------------------------------------------------------


class UserFilterForm(forms.Form):
    q = forms.CharField(label=_("Name"), required=False, max_length=100)
    agency = forms.ModelChoiceField(
        label=_("Agency"), queryset=Agency.objects.all(), required=False, empty_label=_("All")
    )
    role = forms.ChoiceField(
        label=_("Role"), required=False, choices=[("", _("All")), *Role.choices]
    )
    active = forms.ChoiceField(
        label=_("Active"),
        required=False,
        choices=[("", _("All")), ("yes", _("Active")), ("no", _("Not active"))],
    )

    def selection(self) -> dict:
        data = self.cleaned_data if self.is_valid() else {}
        return {
            "query": (data.get("q") or "").strip(),
            "agency": data.get("agency"),
            "role": data.get("role") or "",
            "active": _yes_no(data.get("active")),
        }


class UserForm(forms.Form):
    """The fields an administrator sets on a user; passwords are handled separately."""

    username = forms.CharField(
        label=_("User name"),
        max_length=150,
        help_text=_("Letters, digits and @ . + - _ only."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    first_name = forms.CharField(label=_("First name"), max_length=150)
    patronymic = forms.CharField(label=_("Patronymic"), max_length=150, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    position = forms.CharField(label=_("Position"), max_length=200, required=False)
    agency = forms.ModelChoiceField(
        label=_("Agency"),
        queryset=Agency.objects.filter(is_active=True),
        empty_label="—",
        error_messages={"required": _("Every user belongs to an agency.")},
    )
    roles = forms.MultipleChoiceField(
        label=_("Roles"),
        choices=Role.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one role.")},
    )

    def __init__(self, *args, current_agency: Agency | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if current_agency is not None:
            # A user may stay in an agency that has since been marked inactive.
            agency_field = self.fields["agency"]
            assert isinstance(agency_field, forms.ModelChoiceField)
            agency_field.queryset = Agency.objects.filter(
                Q(is_active=True) | Q(pk=current_agency.pk)
            )


class UserCreateForm(UserForm):
    password = forms.CharField(
        label=_("Initial password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 10 characters, not only digits, not a common password."),
    )
    password_confirm = forms.CharField(
        label=_("Initial password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        cleaned = super().clean()
        _check_passwords_match(self, cleaned)
        return cleaned


class UserEditForm(UserForm):
    is_active = forms.BooleanField(
        label=_("Active"),
        required=False,
        help_text=_("A user who is not active cannot log in."),
    )
    version = VersionField()

    @staticmethod
    def initial_for(user: User) -> dict:
        initial = {
            name: getattr(user, name)
            for name in ["username", "last_name", "first_name", "patronymic", "email", "position"]
        }
        initial.update(
            agency=user.agency_id,
            roles=user.role_codes,
            is_active=user.is_active,
            version=user.version,
        )
        return initial


class PasswordResetForm(forms.Form):
    password = forms.CharField(
        label=_("New password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 10 characters, not only digits, not a common password."),
    )
    password_confirm = forms.CharField(
        label=_("New password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        cleaned = super().clean()
        _check_passwords_match(self, cleaned)
        return cleaned


def _check_passwords_match(form: forms.Form, cleaned: dict) -> None:
    first, second = cleaned.get("password"), cleaned.get("password_confirm")
    if first and second and first != second:
        form.add_error("password_confirm", _("The two passwords do not match."))


def _yes_no(value: str | None) -> bool | None:
    return {"yes": True, "no": False}.get(value or "")
