"""{% fragment "name" var… %}…{% endfragment %}: a shared part of a page cached under the public
content version and the language (municipality/fragments.py). Nothing per-person inside."""

from django import template

from municipality.fragments import fragment_get_or_render

register = template.Library()


class FragmentNode(template.Node):
    def __init__(self, name: str, parts, nodelist):
        self.name, self.parts, self.nodelist = name, parts, nodelist

    def render(self, context):
        parts = [part.resolve(context) for part in self.parts]
        return fragment_get_or_render(
            name=self.name,
            version=context.get("public_version"),
            parts=parts,
            render=lambda: self.nodelist.render(context),
        )


@register.tag("fragment")
def do_fragment(parser, token):
    bits = token.split_contents()
    if len(bits) < 2 or bits[1][0] not in "\"'" or bits[1][-1] != bits[1][0]:
        raise template.TemplateSyntaxError('{% fragment "name" var… %} needs a quoted name')
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    return FragmentNode(bits[1][1:-1], [parser.compile_filter(b) for b in bits[2:]], nodelist)
