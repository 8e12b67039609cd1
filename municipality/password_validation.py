"""Password validators whose messages are in our own catalogue.

Django's Kyrgyz catalogue translates an older wording of the minimum-length message, so the
Kyrgyz page would show it in English; this subclass words it without plural forms.
"""

from django.contrib.auth.password_validation import MinimumLengthValidator as _Minimum
from django.utils.translation import gettext as _


class MinimumLengthValidator(_Minimum):
    def get_error_message(self):
        return _("This password is too short: it needs at least %(min_length)s characters.") % {
            "min_length": self.min_length
        }

    def get_help_text(self):
        return _("The password needs at least %(min_length)s characters.") % {
            "min_length": self.min_length
        }
