"""The iWmo berichtenverkeer as use cases: incoming messages with their retourcodes
(``inkomend``: WMO305/307, ``verzoeken``: WMO315/317, ``declaraties``: WMO323), the
retourberichten both ways (``retour``), outgoing
messages and the mailbox (``uitgaand``: WMO301/319, ``berichten``), the verzoeken and their
answers (``verzoeken``, ``wijzigingsverzoeken``) and the iWmo terms (``termijnen``).

Only the endpoints and the composition root import this folder; the core use cases in
``service/`` never do.

How the retour is delivered: every incoming WMO305/307/315/317/323 is answered with its
retourbericht (WMO306/308/316/318/325, ``retour``; built by ``domain/iwmo/retour.py``), put in
the provider's mailbox as an outgoing message linked to the incoming one; the POST answer
names it (``retourBerichtId``) beside the retourcodes in JSON (with a toelichting where the
code alone does not say why). The same message again returns the same retour. A provider's
retour on our WMO301/319 (WMO302/320) is recorded on that message: its codes per part and
status ``retour-ontvangen`` or ``retour-afgekeurd``. The reference set has no XSD for any
retour; the builders' tests hold the structure of the official examples.
"""
