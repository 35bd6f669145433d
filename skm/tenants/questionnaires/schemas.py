"""Questionnaire API schemas."""

from marshmallow import Schema, fields, validate

from skm.platform.api.inputs import InputSchema


class ElementSchema(Schema):
    code = fields.String()
    position = fields.Integer()
    name_id = fields.String()
    name_en = fields.String()
    question_id = fields.String()
    question_en = fields.String()
    options_id = fields.List(fields.String())
    options_en = fields.List(fields.String())
    allow_not_applicable = fields.Boolean()
    weight = fields.String(allow_none=True)


class QuestionnaireSchema(Schema):
    id = fields.Integer()
    title = fields.String()
    family = fields.String()
    version = fields.Integer()
    is_standard = fields.Boolean()
    is_frozen = fields.Boolean()
    elements = fields.List(fields.Nested(ElementSchema))


class QuestionnaireCopySchema(InputSchema):
    copy_of = fields.Integer(required=True)
    title = fields.String(required=True, validate=validate.Length(min=1, max=200))


class ElementUpdateSchema(InputSchema):
    name_id = fields.String(validate=validate.Length(min=1, max=120))
    name_en = fields.String(validate=validate.Length(min=1, max=120))
    question_id = fields.String(validate=validate.Length(min=1, max=1000))
    question_en = fields.String(validate=validate.Length(min=1, max=1000))
    allow_not_applicable = fields.Boolean()


class ElementCreateSchema(ElementUpdateSchema):
    code = fields.String(required=True, validate=validate.Length(min=1, max=20))
    name_id = fields.String(required=True, validate=validate.Length(min=1, max=120))
    question_id = fields.String(required=True, validate=validate.Length(min=1, max=1000))
    options_id = fields.List(fields.String(validate=validate.Length(min=1, max=80)), required=True,
                             validate=validate.Length(equal=4))
    options_en = fields.List(fields.String(validate=validate.Length(min=1, max=80)), validate=validate.Length(equal=4))


class WeightsSchema(InputSchema):
    weights = fields.Dict(keys=fields.String(), values=fields.String(), required=True, allow_none=True)
