BBBBBBB BBBBBBBBBBBBBBBBBBB BBBB
BBBBB BBBB
XXX gettext(u'In accordance with sections 4.1–4.4 of the Typical Plan for involving the local community in solving issues of local significance, in order to draft the plan for involving the local community:') XXXX
XXXXX  gettext(u'To approve the composition of the working group, headed by %(head)s, as follows:') SS SSSSSSS SSS SSSSSSSSSSS SS SSS SSSSSSS SSSSSS SSSSSS SS SSSSSSSSS SS SSSSSSSSXXXX
XXXXXX XXXXXXXXXXXXX
  XXXXXXXXXXXXXXXXXXXXXXXXX gettext(u'Full name') XXXXXXXXX gettext(u'Position or occupation') XXXXXXXXX gettext(u'Category') XXXXXXXXX gettext(u'Sex') XXXXXXXXXXXXXXXXXX
  XXXXXXX
  BBB BBBBBB BB BBBBBBB
    XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX
  BBBBBB
  XXXXXXXX
XXXXXXXX
BBB BBBBBB BBBBBB BB BBBBBBBBBB
XX XXXXXXXXXXXXXXX FFFFFFXXXX
BBBBBB
XXXXX  gettext(u'The working group is to draft the plan and submit it for public discussion at a village gathering.') XXXX
BB BBBBBBBBBBBBBBBBBBBXX XXXXXXXXXXXXXX gettext(u'Justification') X XXXXBBBBB
XXXXX  gettext(u'Control over the execution of this order is reserved.') XXXX
BBBBBBBB
