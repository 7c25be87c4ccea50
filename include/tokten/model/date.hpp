#pragma once
// Calendar dates as day numbers, and inclusive date windows.
#include <chrono>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>

namespace tokten {

/// A calendar day: the number of days since 1970-01-01 (proleptic Gregorian).
struct Date {
  int days = 0;
  friend constexpr auto operator<=>(Date, Date) = default;
};

/// Parses "YYYY-MM-DD" (ISO 8601, years 1900-2999); nullopt for anything else or an
/// impossible day such as 2026-02-30.
inline std::optional<Date> parse_date(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  auto digits = [&](std::size_t from, std::size_t count) -> int {
    int value = 0;
    for (std::size_t i = from; i < from + count; ++i) {
      if (text[i] < '0' || text[i] > '9') return -1;
      value = value * 10 + (text[i] - '0');
    }
    return value;
  };
  const int y = digits(0, 4), m = digits(5, 2), d = digits(8, 2);
  if (y < 1900 || y > 2999 || m < 0 || d < 0) return std::nullopt;
  const std::chrono::year_month_day ymd{std::chrono::year{y},
                                        std::chrono::month{static_cast<unsigned>(m)},
                                        std::chrono::day{static_cast<unsigned>(d)}};
  if (!ymd.ok()) return std::nullopt;
  return Date{static_cast<int>(std::chrono::sys_days{ymd}.time_since_epoch().count())};
}

inline std::chrono::year_month_day to_ymd(Date date) {
  return std::chrono::year_month_day{std::chrono::sys_days{std::chrono::days{date.days}}};
}

inline std::string to_string(Date date) {
  const auto ymd = to_ymd(date);
  char text[16];
  std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return text;
}

/// Days start..end, both included.
struct DateWindow {
  Date start;
  Date end;

  int length_days() const { return end.days - start.days + 1; }
  bool contains(DateWindow other) const { return start <= other.start && other.end <= end; }
  bool overlaps(DateWindow other) const { return start <= other.end && other.start <= end; }
  friend bool operator==(const DateWindow&, const DateWindow&) = default;
};

}  // namespace tokten
