BBBBBBB BBBBBBBBBBBBBBBBBBB BBBB
BBBBB BBBB
XXX gettext(u'In accordance with section 4.10 of the Typical Plan for involving the local community in solving issues of local significance, taking into account the results of the public discussion at the village gathering:') XXXX
XXXXX  gettext(u'To approve the plan “%(title)s” for %(period)s (annexed).') SS SSSSSSS SSS SSSS SSSSSSSSSSS SSS SSSSSSSSSS SSSSSSSSSSXXXX
XXXXX  gettext(u'The persons responsible are to carry out the activities of the plan within the set deadlines.') XXXX
XXXXX  gettext(u'The plan is to be published on the notice boards and on the portal.') XXXX
XXXXX  gettext(u'Control over the execution of this order is reserved.') XXXX
BBBBBBBB
