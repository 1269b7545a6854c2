"""A text field that is stored encrypted (see crypto.py). It cannot be searched or
sorted in the database; that is the point."""

from django.db import models

from . import crypto


class EncryptedTextField(models.TextField):
    """Holds a short or long text; empty strings stay empty (nothing to hide)."""

    def contribute_to_class(self, cls, name, *args, **kwargs):
        super().contribute_to_class(cls, name, *args, **kwargs)
        self.crypto_context = f"{cls._meta.db_table}.{self.column}"

    def formfield(self, **kwargs):
        # Short protected values (an address, a phone number) get a one-line input.
        if self.max_length and self.max_length <= 300:
            from django import forms

            kwargs.setdefault("widget", forms.TextInput)
        return super().formfield(**kwargs)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value in (None, ""):
            return value
        return crypto.encrypt(value, context=self.crypto_context)

    def from_db_value(self, value, expression, connection):
        if value in (None, "") or not crypto.is_encrypted(value):
            return value
        return crypto.decrypt(value, context=self.crypto_context)
