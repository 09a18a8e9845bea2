-- Duties that overlap [$starts_at, $ends_at) for officers in $officer_ids.
SELECT officer_id, starts_at, ends_at
FROM duties
WHERE list_contains($officer_ids::TEXT[], officer_id)
  AND starts_at < $ends_at::TIMESTAMP
  AND ends_at > $starts_at::TIMESTAMP
