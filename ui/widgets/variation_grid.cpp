#include "ui/widgets/variation_grid.h"

#include <QContextMenuEvent>
#include <QHBoxLayout>
#include <QMenu>
#include <QPainter>
#include <QPainterPath>
#include <QScrollArea>
#include <QScrollBar>
#include <QTimer>

#include <algorithm>

namespace i2v {
namespace ui {
namespace {

constexpr int kThumbWidth = 112; // the thumbnail area; frames are fitted inside, aspect kept
constexpr int kThumbHeight = 84;
constexpr int kPad = 4;

QString scorePart(const std::optional<double>& v)
{
    return v ? QString::number(*v, 'f', 4) : QStringLiteral("—");
}

} // namespace

VariationTile::VariationTile(VariationTileData data, QWidget* parent) : QAbstractButton(parent), m_data(std::move(data))
{
    setObjectName(QStringLiteral("variationTile%1").arg(m_data.index + 1));
    setFocusPolicy(Qt::StrongFocus);
    setCursor(Qt::PointingHandCursor);
    setAttribute(Qt::WA_Hover); // repaint on hover
    setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Fixed);
    connect(this, &QAbstractButton::clicked, this, [this] { emit promoteRequested(m_data.index); });
    updateTexts();
}

QSize VariationTile::sizeHint() const
{
    return {kThumbWidth + 2 * kPad, kThumbHeight + 3 * kPad + fontMetrics().height() + 2};
}

void VariationTile::setPick(bool pick)
{
    m_data.pick = pick;
    updateTexts();
    update();
}

void VariationTile::advance()
{
    if (m_data.frames.size() < 2)
        return;
    m_frame = (m_frame + 1) % m_data.frames.size();
    update();
}

void VariationTile::updateTexts()
{
    const QString head = m_data.pick ? tr("Variation %1 (seed %2): the pick, used by the preview and export")
                                     : tr("Variation %1 (seed %2): click to make this the pick");
    setToolTip(head.arg(m_data.index + 1).arg(m_data.seed) + QLatin1Char('\n') +
               tr("Rank %1, score %2 = prompt %3, image %4, motion %5 (weighted)")
                   .arg(m_data.rank)
                   .arg(QString::number(m_data.score, 'f', 4), scorePart(m_data.scorePrompt), scorePart(m_data.scoreImage),
                        QString::number(m_data.scoreTemporal, 'f', 4)));
    setText(tr("#%1 · %2").arg(m_data.rank).arg(QString::number(m_data.score, 'f', 4)));
    setAccessibleName(tr("Variation %1, rank %2%3")
                          .arg(m_data.index + 1)
                          .arg(m_data.rank)
                          .arg(m_data.pick ? tr(", the pick") : QString()));
}

void VariationTile::paintEvent(QPaintEvent*)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing, true);
    const QPalette& pal = palette();
    const QColor window = pal.color(QPalette::Window);
    const QColor accent = pal.color(QPalette::Highlight);
    const QRect outer = rect().adjusted(1, 1, -1, -1);
    QPainterPath frame;
    frame.addRoundedRect(outer, 5, 5);
    p.fillPath(frame, underMouse() || isDown() ? window.lighter(window.lightness() < 128 ? 140 : 104)
                                              : window.darker(window.lightness() < 128 ? 120 : 106));
    if (m_data.pick || hasFocus()) {
        p.setPen(QPen(m_data.pick ? accent : pal.color(QPalette::Mid), m_data.pick ? 3 : 1,
                      hasFocus() && !m_data.pick ? Qt::DashLine : Qt::SolidLine));
        p.drawPath(frame);
    }
    const QRect thumb(kPad + 1, kPad + 1, kThumbWidth - 2, kThumbHeight - 2);
    p.fillRect(thumb, window.darker(window.lightness() < 128 ? 150 : 115));
    if (!m_data.frames.isEmpty()) {
        const QImage& img = m_data.frames.at(m_frame);
        const QSize fitted = img.size().scaled(thumb.size(), Qt::KeepAspectRatio);
        const QRect target(thumb.x() + (thumb.width() - fitted.width()) / 2,
                           thumb.y() + (thumb.height() - fitted.height()) / 2, fitted.width(), fitted.height());
        p.setRenderHint(QPainter::SmoothPixmapTransform, true);
        p.drawImage(target, img);
    }
    QFont f = font();
    if (m_data.pick) {
        f.setBold(true);
        p.setFont(f);
        const QString badge = tr("Pick");
        const QRect textRect = p.fontMetrics().boundingRect(badge).adjusted(-5, -1, 5, 1);
        const QRect badgeRect(thumb.topLeft() + QPoint(3, 3), textRect.size());
        QPainterPath path;
        path.addRoundedRect(badgeRect, 3, 3);
        p.fillPath(path, accent);
        p.setPen(pal.color(QPalette::HighlightedText));
        p.drawText(badgeRect, Qt::AlignCenter, badge);
    }
    p.setFont(f);
    p.setPen(pal.color(isEnabled() ? QPalette::Active : QPalette::Disabled, QPalette::WindowText));
    const QRect caption(kPad, kPad * 2 + kThumbHeight, width() - 2 * kPad, fontMetrics().height() + 2);
    p.drawText(caption, Qt::AlignCenter, text());
}

void VariationTile::contextMenuEvent(QContextMenuEvent* event)
{
    QMenu menu(this);
    QAction* promote = menu.addAction(tr("Make this the pick"));
    promote->setEnabled(!m_data.pick && isEnabled());
    if (menu.exec(event->globalPos()) == promote)
        emit promoteRequested(m_data.index);
}

VariationGrid::VariationGrid(QWidget* parent)
    : QWidget(parent), m_scroll(new QScrollArea(this)), m_row(new QWidget), m_rowLayout(new QHBoxLayout(m_row)),
      m_timer(new QTimer(this))
{
    setObjectName(QStringLiteral("variationGrid"));
    m_rowLayout->setContentsMargins(0, 0, 0, 0);
    m_rowLayout->setSpacing(6);
    m_rowLayout->addStretch(1);
    m_scroll->setObjectName(QStringLiteral("variationScroll"));
    m_scroll->setWidget(m_row);
    m_scroll->setWidgetResizable(true);
    m_scroll->setFrameShape(QFrame::NoFrame);
    m_scroll->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    m_scroll->setFocusPolicy(Qt::NoFocus);
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_scroll);
    // As tall as one row of tiles plus a horizontal scroll bar (many variations scroll sideways).
    const int tileHeight = VariationTile(VariationTileData{}).sizeHint().height();
    setFixedHeight(tileHeight + m_scroll->horizontalScrollBar()->sizeHint().height() + 2);
    connect(m_timer, &QTimer::timeout, this, [this] {
        for (VariationTile* t : m_tiles)
            t->advance();
    });
}

void VariationGrid::setVariations(QVector<VariationTileData> items, int fps)
{
    clear();
    std::stable_sort(items.begin(), items.end(),
                     [](const VariationTileData& a, const VariationTileData& b) { return a.rank < b.rank; });
    for (VariationTileData& item : items) {
        auto* tile = new VariationTile(std::move(item), m_row);
        connect(tile, &VariationTile::promoteRequested, this, &VariationGrid::promoteRequested);
        m_rowLayout->insertWidget(m_rowLayout->count() - 1, tile); // before the stretch
        m_tiles.push_back(tile);
    }
    m_timer->setInterval(1000 / std::clamp(fps, 1, 30));
    if (isVisible() && !m_tiles.isEmpty())
        m_timer->start();
}

void VariationGrid::clear()
{
    m_timer->stop();
    for (VariationTile* t : m_tiles)
        delete t;
    m_tiles.clear();
}

void VariationGrid::setPick(int index)
{
    for (VariationTile* t : m_tiles)
        t->setPick(t->data().index == index);
}

int VariationGrid::pickIndex() const
{
    for (const VariationTile* t : m_tiles)
        if (t->data().pick)
            return t->data().index;
    return -1;
}

void VariationGrid::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    if (!m_tiles.isEmpty())
        m_timer->start();
}

void VariationGrid::hideEvent(QHideEvent* event)
{
    QWidget::hideEvent(event);
    m_timer->stop();
}

} // namespace ui
} // namespace i2v
