-- The first rostered duty start, to choose how far back the rota is repeated from.
SELECT min(starts_at) AS first_duty_at FROM duties
