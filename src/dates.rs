//! Dates as Vietnamese documents write them, shared by every layer that prints one
//! (validation findings, the consolidated workbook, terminal tables).

/// dd/mm/yyyy, day first and zero-padded: 04/06/2024.
#[must_use]
pub fn dmy(date: chrono::NaiveDate) -> String {
    date.format("%d/%m/%Y").to_string()
}

#[cfg(test)]
mod tests {
    #[test]
    fn dmy_is_day_first_and_padded() {
        assert_eq!(super::dmy(chrono::NaiveDate::from_ymd_opt(2024, 6, 4).unwrap()), "04/06/2024");
    }
}
