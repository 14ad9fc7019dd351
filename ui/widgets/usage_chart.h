#pragma once
// UsageChart: a QCustomPlot bar chart of the history by day: clips made, minutes of machine time, or
// cost (a combo picks which). Days without runs inside the shown range are drawn as zero.

#include "core/service/history.h"

#include <QWidget>

#include <vector>

class QComboBox;
class QCustomPlot;
class QCPBars;
class QLabel;

namespace i2v {
namespace ui {

class UsageChart : public QWidget {
    Q_OBJECT
public:
    enum class Metric { Clips = 0, Minutes = 1, Cost = 2 };
    explicit UsageChart(QWidget* parent = nullptr);

    // `days`: HistoryStore::dailySummary(); `currency`: shown on the cost axis and in the totals.
    void setData(std::vector<DailySummary> days, const CostSettings& cost);
    void setMetric(Metric metric);
    Metric metric() const;
    QString totalsText() const; // "12 clips · 34 min · ¥5.60" (for tests and the label)
    int barCount() const;       // bars drawn (days in the range)

private:
    void redraw();

    QComboBox* m_metric;
    QCustomPlot* m_plot;
    QCPBars* m_bars;
    QLabel* m_totals;
    std::vector<DailySummary> m_days;
    CostSettings m_cost;
};

} // namespace ui
} // namespace i2v
