"""Serialising a page at the cost of its data, not of its serializers.

DRF builds a ModelSerializer's fields by introspecting the model for every serializer instance, so for every
request (milliseconds for a commitment with its nested report and evidence), and walks each field's generic
path for every row. ``PrebuiltFields`` builds a class's fields once per process and hands each instance a copy
(as DRF does with declared fields), and represents a row by a plan made once per class: a model attribute read
straight off the row for the plain fields and the relations shown by key or slug, the serializer's own method
for a method field, DRF's own path for the rest. The output is DRF's, key for key.
"""

from __future__ import annotations

import copy
from operator import attrgetter

from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist
from rest_framework import fields as drf_fields
from rest_framework.fields import SkipField
from rest_framework.relations import ManyRelatedField, PKOnlyObject, PrimaryKeyRelatedField, SlugRelatedField
from rest_framework.serializers import BaseSerializer
from rest_framework.settings import api_settings

_DEEP = (BaseSerializer, ManyRelatedField)
# Fields whose representation of a value read from the model is the value itself (None stays None).
_PLAIN = (drf_fields.IntegerField, drf_fields.BooleanField)


# A mixin for (Model)Serializers whose fields do not depend on the instance or the request. (A comment, not a
# docstring: the schema describes each serializer by its docstring, and an inherited one would describe them all.)
class PrebuiltFields:

    def get_fields(self):
        cls = type(self)
        built = cls.__dict__.get("_prebuilt_fields")
        if built is None:
            built = super().get_fields()
            cls._prebuilt_fields = built
        # The prototypes are never bound: each instance binds copies. A plain field keeps nothing of the instance
        # but its binding, so a shallow copy will do (DRF's deepcopy builds the field again from its arguments);
        # nested serializers and many-relations hold fields of their own, and are copied deep.
        return {
            name: copy.deepcopy(field) if isinstance(field, _DEEP) else copy.copy(field) for name, field in built.items()
        }

    def to_representation(self, instance):
        plan = self.__dict__.get("_plan")
        if plan is None:
            plan = self._plan = self._bound_plan()
        row = {}
        for name, read, represent, field in plan:
            if read is not None:
                try:
                    value = read(instance)
                except (AttributeError, ObjectDoesNotExist):
                    if field is None:  # a method field: its own error
                        raise
                    # A step of a dotted source missing (a null relation): DRF's path says what that shows.
                else:
                    row[name] = value if value is None or represent is None else represent(value)
                    continue
            try:
                attribute = field.get_attribute(instance)
            except SkipField:
                continue
            check = attribute.pk if isinstance(attribute, PKOnlyObject) else attribute
            row[name] = None if check is None else field.to_representation(attribute)
        return row

    def _bound_plan(self) -> list:
        """The class's plan, its method fields calling this serializer's methods. The plan is made once per class,
        on a serializer of its own: the fields read and represent nothing of their serializer but its methods, so
        a page's serializers neither copy nor bind fields to represent it (``fields`` still gives bound copies)."""
        cls = type(self)
        plan = cls.__dict__.get("_class_plan")
        if plan is None:
            plan = cls._class_plan = [_step(field) for field in cls()._readable_fields]
        return [
            (name, getattr(self, read) if type(read) is str else read, represent, field) for name, read, represent, field in plan
        ]


def _step(field):
    """(name, read, represent, field) for DRF's field: read the value straight off a model row where the field's
    source is one plain attribute (a relation shown by its key or a slug: the key's column, or the related object
    and its slug; a method field: the method's name, bound by _bound_plan, and no field), or a dotted path of
    them to a plain value (body.name); else (name, None, None, field) for DRF's own path, which a dotted read also
    takes where a step of its path is missing."""
    step = _fast_step(field)
    return (*step, None if isinstance(field, drf_fields.SerializerMethodField) else field)


def _fast_step(field):
    if isinstance(field, drf_fields.SerializerMethodField):
        return field.field_name, field.method_name, None  # the method of the serializer the plan is bound to
    attrs = field.source_attrs
    if not attrs or field.source == "*" or not hasattr(field, "to_representation") or getattr(field, "many", False):
        return field.field_name, None, None
    if len(attrs) > 1:
        # A plain value at the end of a path of attributes (a report's body.name): no relation field, whose
        # get_attribute reads its own way.
        if type(field).get_attribute is drf_fields.Field.get_attribute and not isinstance(field, _DEEP):
            return field.field_name, attrgetter(".".join(attrs)), _represent(field)
        return field.field_name, None, None
    if isinstance(field, PrimaryKeyRelatedField) and type(field).to_representation is PrimaryKeyRelatedField.to_representation:
        # DRF reads the key's column (its pk-only optimisation) and shows it as it is.
        column = _key_column(field)
        if column is not None and field.pk_field is None:
            return field.field_name, attrgetter(column), None
        return field.field_name, None, None
    if isinstance(field, SlugRelatedField) and type(field).to_representation is SlugRelatedField.to_representation:
        return field.field_name, attrgetter(attrs[0]), attrgetter(field.slug_field)
    if isinstance(field, drf_fields.Field) and type(field).get_attribute is not drf_fields.Field.get_attribute:
        return field.field_name, None, None  # a field that reads its attribute its own way (relations)
    if isinstance(field, _PLAIN) and type(field).to_representation in (
        drf_fields.IntegerField.to_representation, drf_fields.BooleanField.to_representation
    ):
        return field.field_name, attrgetter(attrs[0]), _plain(field)
    return field.field_name, attrgetter(attrs[0]), _represent(field)


def _represent(field):
    """The field's to_representation, or a builtin that gives the same for the values a row holds: str for a
    CharField, int for a BigIntegerField not shown as a string, and for a ChoiceField a string as it is (DRF
    maps it to the choice key it equals, or leaves it)."""
    method = type(field).to_representation
    if method is drf_fields.CharField.to_representation:
        return str
    big = getattr(drf_fields, "BigIntegerField", None)  # DRF 3.15+
    if big is not None and method is big.to_representation:
        if not getattr(field, "coerce_to_string", api_settings.COERCE_BIGINT_TO_STRING):
            return int
    if method is drf_fields.ChoiceField.to_representation and all(
        type(key) is str and key == value for key, value in field.choice_strings_to_values.items()
    ):
        represent = field.to_representation
        return lambda value: value if type(value) is str else represent(value)
    return field.to_representation


def _key_column(field) -> str | None:
    """The column of the foreign key a PrimaryKeyRelatedField shows (commitment_id), if its serializer's model has
    one by the field's source."""
    model = getattr(getattr(field.parent, "Meta", None), "model", None)
    if model is None:
        return None
    try:
        model_field = model._meta.get_field(field.source)
    except FieldDoesNotExist:
        return None
    return model_field.attname if model_field.many_to_one else None


def _plain(field):
    if isinstance(field, drf_fields.BooleanField):
        return bool
    return int
