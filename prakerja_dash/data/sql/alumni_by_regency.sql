-- Alumni per regency (every regency, zero where none match), with population.
WITH per_regency AS (
    SELECT regency_code::VARCHAR AS regency_code, sum(n_alumni) AS n_alumni
    FROM filtered(
        'alumni_cube', $regency_mask, $wave_min, $wave_max, $year_min, $year_max,
        $gender_mask, $age_mask, $education_mask, $category_mask, $status_mask
    )
    GROUP BY regency_code
),

final AS (
    SELECT
        r.bps_code AS regency_code,
        r.name,
        r.population,
        coalesce(p.n_alumni, 0) AS n_alumni
    FROM regencies AS r
    LEFT JOIN per_regency AS p ON p.regency_code = r.bps_code
)

SELECT * FROM final
ORDER BY regency_code
