-- Surveyed alumni by employment status at registration and at the survey (for a flow chart).
WITH per_status AS (
    SELECT
        status_before::VARCHAR AS status_before,
        sum(n_after_not_working) AS tidak_bekerja,
        sum(n_after_employee) AS pekerja,
        sum(n_after_business) AS wirausaha
    FROM filtered(
        'alumni_cube', $regency_mask, $wave_min, $wave_max, $year_min, $year_max,
        $gender_mask, $age_mask, $education_mask, $category_mask, $status_mask
    )
    GROUP BY status_before
),

final AS (
    UNPIVOT per_status
    ON tidak_bekerja, pekerja, wirausaha
    INTO NAME status_after VALUE n_alumni
)

SELECT * FROM final
ORDER BY status_before, status_after
