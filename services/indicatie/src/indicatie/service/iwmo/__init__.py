"""The iWmo berichtenverkeer as use cases: incoming messages with their retourcodes
(``inkomend``: WMO305/307, ``verzoeken``: WMO315/317, ``declaraties``: WMO323), outgoing
messages and the mailbox (``uitgaand``: WMO301/319, ``berichten``), the verzoeken and their
answers (``verzoeken``, ``wijzigingsverzoeken``) and the iWmo terms (``termijnen``).

Only the endpoints and the composition root import this folder; the core use cases in
``service/`` never do.

How the retour is delivered: in iWmo 3.x every incoming WMO305/307/315/317/323 is answered
with a retourbericht (WMO306/308/316/318/325). Those retour schemas are not in the reference
set, so the retourcodes (WJ001) per part of the message are returned in the JSON answer to
``POST /berichten`` and stored with the message (``GET /berichten/{id}`` shows them again).
An adapter to the national exchange (GGk/VECOZO) would collect the outgoing messages from
the mailbox and turn the stored retour into retourberichten, without changes to the domain.
"""
