-- Alumni and outcomes of the previously not working, per wave (with its year).
WITH base AS (
    SELECT * FROM filtered_alumni(
        $regencies, $wave_min, $wave_max, $year_min, $year_max,
        $gender, $age_bands, $education, $categories, $statuses
    )
),

final AS (
    SELECT
        wave,
        year,
        count(*) AS n_alumni,
        count(*) FILTER (WHERE status_before = 'tidak_bekerja' AND surveyed) AS n_not_working_surveyed,
        count(*) FILTER (WHERE status_before = 'tidak_bekerja' AND status_after = 'pekerja') AS n_now_employed,
        count(*) FILTER (WHERE status_before = 'tidak_bekerja' AND status_after = 'wirausaha') AS n_now_business
    FROM base
    GROUP BY wave, year
)

SELECT * FROM final
ORDER BY wave
