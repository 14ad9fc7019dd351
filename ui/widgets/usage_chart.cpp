#include "ui/widgets/usage_chart.h"

#include "ui/style.h"

#include <QComboBox>
#include <QDate>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QVBoxLayout>
#include <qcustomplot.h>

#include <map>

namespace i2v {
namespace ui {

UsageChart::UsageChart(QWidget* parent)
    : QWidget(parent), m_metric(new QComboBox(this)), m_plot(new QCustomPlot(this)), m_totals(new QLabel(this))
{
    m_metric->setObjectName(QStringLiteral("usageMetric"));
    m_metric->addItem(tr("Clips per day"));
    m_metric->addItem(tr("Minutes per day"));
    m_metric->addItem(tr("Cost per day"));
    m_totals->setObjectName(QStringLiteral("usageTotals"));
    m_totals->setWordWrap(true);
    m_plot->setObjectName(QStringLiteral("usagePlot"));
    m_plot->setMinimumHeight(160);
    applyPlotStyle(m_plot, palette());
    keepPlotSharp(m_plot);
    auto ticker = QSharedPointer<QCPAxisTickerDateTime>::create();
    ticker->setDateTimeFormat(QStringLiteral("MM-dd"));
    ticker->setDateTimeSpec(Qt::UTC);
    m_plot->xAxis->setTicker(ticker);
    m_bars = new QCPBars(m_plot->xAxis, m_plot->yAxis);
    m_bars->setPen(Qt::NoPen);
    m_bars->setBrush(QColor(0x3d, 0x8b, 0xfd));
    m_bars->setWidth(86400 * 0.7);

    auto* top = new QHBoxLayout;
    top->addWidget(m_metric);
    top->addStretch(1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addLayout(top);
    layout->addWidget(m_plot, 1);
    layout->addWidget(m_totals);
    connect(m_metric, &QComboBox::currentIndexChanged, this, [this] { redraw(); });
    redraw();
}

void UsageChart::setData(std::vector<DailySummary> days, const CostSettings& cost)
{
    m_days = std::move(days);
    m_cost = cost;
    redraw();
}

void UsageChart::setMetric(Metric metric) { m_metric->setCurrentIndex(static_cast<int>(metric)); }
UsageChart::Metric UsageChart::metric() const { return static_cast<Metric>(m_metric->currentIndex()); }
int UsageChart::barCount() const { return m_bars->data()->size(); }
QString UsageChart::totalsText() const { return m_totals->text(); }

void UsageChart::redraw()
{
    const Metric metric = this->metric();
    std::map<QDate, const DailySummary*> byDay;
    for (const DailySummary& d : m_days)
        if (const QDate day = QDate::fromString(QString::fromStdString(d.date), Qt::ISODate); day.isValid())
            byDay[day] = &d;
    QVector<double> keys, values;
    int clips = 0;
    double minutes = 0, cost = 0;
    if (!byDay.empty()) {
        // Every day from the first to the last (at most the last 60), so gaps show as empty days.
        const QDate last = byDay.rbegin()->first;
        QDate first = byDay.begin()->first;
        if (first.daysTo(last) > 59)
            first = last.addDays(-59);
        for (QDate day = first; day <= last; day = day.addDays(1)) {
            const auto it = byDay.find(day);
            const DailySummary* d = it == byDay.end() ? nullptr : it->second;
            keys << QDateTime(day, QTime(12, 0), Qt::UTC).toSecsSinceEpoch();
            values << (!d ? 0.0 : metric == Metric::Clips ? d->clips : metric == Metric::Minutes ? d->minutes : d->cost);
        }
        for (const DailySummary& d : m_days)
            clips += d.clips, minutes += d.minutes, cost += d.cost;
    }
    m_bars->setData(keys, values, true);
    const QString currency = QString::fromStdString(m_cost.currency);
    // Whole clips on the clips axis; automatic ticks otherwise.
    if (metric == Metric::Clips) {
        auto fixed = QSharedPointer<QCPAxisTickerFixed>::create();
        fixed->setTickStep(1);
        fixed->setScaleStrategy(QCPAxisTickerFixed::ssMultiples);
        m_plot->yAxis->setTicker(fixed);
    } else {
        m_plot->yAxis->setTicker(QSharedPointer<QCPAxisTicker>::create());
    }
    m_plot->yAxis->setLabel(metric == Metric::Clips ? tr("clips") : metric == Metric::Minutes ? tr("minutes") : currency);
    if (!keys.isEmpty()) {
        m_plot->xAxis->setRange(keys.first() - 86400, keys.last() + 86400);
        double top = 0;
        for (double v : values)
            top = std::max(top, v);
        m_plot->yAxis->setRange(0, top > 0 ? top * 1.15 : 1);
    }
    const QLocale locale;
    QString totals = tr("%n clip(s)", nullptr, clips) + QStringLiteral(" · ") +
                     tr("%1 min").arg(locale.toString(minutes, 'f', 1));
    if (m_cost.mode != CostSettings::Mode::None)
        totals += QStringLiteral(" · ") + QString::fromStdString(formatCost(m_cost, cost));
    m_totals->setText(m_days.empty() ? tr("No clips yet.") : totals);
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

} // namespace ui
} // namespace i2v
