-- How much published street-crime data there is: rows and the first and last month.
SELECT count(*) AS rows, min(month) AS first_month, max(month) AS last_month
FROM street_crimes
