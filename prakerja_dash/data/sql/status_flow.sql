-- Surveyed alumni by employment status at registration and at the survey (for a flow chart).
WITH per_status AS (
    SELECT
        group_key AS status_before,
        n_after_not_working AS tidak_bekerja,
        n_after_employee AS pekerja,
        n_after_business AS wirausaha
    FROM grouped_counts($filter, 'status', '')
),

final AS (
    UNPIVOT per_status
    ON tidak_bekerja, pekerja, wirausaha
    INTO NAME status_after VALUE n_alumni
)

SELECT * FROM final
ORDER BY status_before, status_after
