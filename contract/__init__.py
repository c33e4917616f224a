"""The ground every other package stands on: what a read document must look like, and nothing else.

Table definitions (`tables`), their validation (`validate`), the checks that tie one statement to
another and which figures they confirm (`checks`, `confirm`), the national code hierarchy
(`hierarchy`), the number and indicator vocabulary (`numbers`, `indicators`, `formats`), text
decoding (`source`) and the errors (`errors`). This package imports no other package of the project
(tests/test_layers.py).
"""
