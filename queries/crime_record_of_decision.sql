-- The crime of one key decision (a victim_informed clock item opens its crime).
SELECT crime_id FROM key_decisions WHERE decision_id = $decision_id
