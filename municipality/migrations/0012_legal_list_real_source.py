"""Label the built-in legal list by its real source (issue 14).

The 22 items loaded by 0004 come from seed 000, a DPI brochure quoting the Law of
15 July 2011 No. 101 «On local self-government». They were labelled as art. 27 of
Law No. 123 of 20 October 2021, which lists 25 items (seed 002). Only rows still
carrying the old label change; a list loaded later keeps its own.
"""

from django.db import migrations

OLD_KY = (
    "Кыргыз Республикасынын «Жергиликтүү мамлекеттик администрация жана жергиликтүү өз "
    "алдынча башкаруу органдары жөнүндө» 2021-жылдын 20-октябрындагы № 123 Мыйзамы, "
    "27-берене"
)
REAL = {
    "ky": (
        "«Жергиликтүү өз алдынча башкаруу жөнүндө» 2011-жылдын 15-июлундагы № 101 Мыйзамы "
        "боюнча 22 маселе (ӨСИ брошюрасы); 2021-жылдын № 123 Мыйзамынын 27-беренесинде 25"
    ),
    "ru": (
        "22 вопроса по Закону «О местном самоуправлении» от 15 июля 2011 года № 101 "
        "(брошюра ИПР); в ст. 27 Закона № 123 от 2021 года их 25"
    ),
    "en": (
        "22 issues per the Law on Local Self-Government of 15 July 2011 No. 101 (DPI "
        "brochure); art. 27 of Law No. 123 of 2021 lists 25"
    ),
}


def relabel(apps, schema_editor):
    Reference = apps.get_model("municipality", "LocalIssueReference")
    Reference.objects.filter(legal_basis_ky=OLD_KY).update(
        legal_basis=REAL["ky"],
        legal_basis_ky=REAL["ky"],
        legal_basis_ru=REAL["ru"],
        legal_basis_en=REAL["en"],
    )


class Migration(migrations.Migration):
    dependencies = [("municipality", "0011_document_registers_per_body")]

    operations = [migrations.RunPython(relabel, migrations.RunPython.noop)]
