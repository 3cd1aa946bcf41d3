from typing import Literal

AwsReaderRoleTemplateFormat = Literal["json", "yaml"]

AWS_READER_ROLE_TEMPLATE_FORMAT_VALUES: set[AwsReaderRoleTemplateFormat] = {
    "json",
    "yaml",
}


def check_aws_reader_role_template_format(value: str) -> AwsReaderRoleTemplateFormat:
    if value in AWS_READER_ROLE_TEMPLATE_FORMAT_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {AWS_READER_ROLE_TEMPLATE_FORMAT_VALUES!r}")
