-- Surveyed alumni by employment status at registration and at the survey (for a flow chart),
-- with each cell's key.
WITH per_status AS (
    SELECT group_key AS status_before, *
    FROM grouped_counts($filter, 'status', '')
),

final AS (
    SELECT status_before, 'tidak_bekerja' AS status_after, n_after_not_working AS n_alumni,
           ck_after_not_working AS ck_alumni
    FROM per_status
    UNION ALL
    SELECT status_before, 'pekerja', n_after_employee, ck_after_employee
    FROM per_status
    UNION ALL
    SELECT status_before, 'wirausaha', n_after_business, ck_after_business
    FROM per_status
)

SELECT * FROM final
ORDER BY status_before, status_after
