from django.core.exceptions import ValidationError


def add_service_errors(form, error: ValidationError) -> None:
    """Put a service's ValidationError next to the fields it names, or on top of the form.

    Views call this when a service refuses the cleaned data, so the form is shown again
    with everything the person typed and the reason beside the field.
    """
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)
