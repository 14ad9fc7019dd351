#include "ui/style.h"

#include <QApplication>
#include <QEvent>
#include <QFile>
#include <QIconEngine>
#include <QPainter>
#include <QSvgRenderer>
#include <QFontDatabase>
#include <QPalette>
#include <QStyle>
#include <QStyleFactory>
#include <QStyleHints>
#include <qcustomplot.h>

namespace i2v {
namespace ui {
namespace {

// One set of colours per theme; the style sheet and the palette are both drawn from it.
struct Theme {
    QColor window, base, text, muted, placeholder, border, button, buttonHover, disabledText, disabledButton,
        disabledBorder, separator, title, dropBorder, dropBackground, dragOverBackground, runBar, groove, handle,
        warningText, errorBanner, warningBanner, infoBanner, bannerText, toolTip, mid;
};

const QColor kAccent(0x3d, 0x8b, 0xfd);
const QColor kAccentStrong(0x2f, 0x74, 0xe0);
const QColor kAccentPressed(0x25, 0x60, 0xc0);

Theme darkTheme()
{
    return {QColor(0x26, 0x28, 0x2d), QColor(0x1e, 0x20, 0x24), QColor(0xe6, 0xe8, 0xeb), QColor(0x9a, 0xa3, 0xad),
            QColor(0x80, 0x88, 0x92), QColor(0x3b, 0x40, 0x48), QColor(0x30, 0x34, 0x3b), QColor(0x38, 0x3d, 0x45),
            QColor(0x6b, 0x72, 0x7c), QColor(0x2a, 0x2d, 0x33), QColor(0x33, 0x37, 0x3e), QColor(0x1b, 0x1d, 0x21),
            QColor(0x2a, 0x2d, 0x33), QColor(0x4a, 0x50, 0x5a), QColor(0x20, 0x22, 0x26), QColor(0x1d, 0x2a, 0x3d),
            QColor(0x24, 0x27, 0x2c), QColor(0x3b, 0x40, 0x48), QColor(0xdf, 0xe3, 0xe8), QColor(0xe3, 0xb3, 0x41),
            QColor(0x4a, 0x23, 0x26), QColor(0x47, 0x39, 0x1c), QColor(0x1f, 0x33, 0x50), QColor(0xf0, 0xf2, 0xf4),
            QColor(0x32, 0x36, 0x3d), QColor(0x44, 0x49, 0x52)};
}

Theme lightTheme()
{
    return {QColor(0xf3, 0xf4, 0xf6), QColor(0xff, 0xff, 0xff), QColor(0x1f, 0x23, 0x28), QColor(0x55, 0x5e, 0x68),
            QColor(0x8a, 0x92, 0x9c), QColor(0xc4, 0xc9, 0xd0), QColor(0xfa, 0xfb, 0xfc), QColor(0xe8, 0xeb, 0xef),
            QColor(0xa0, 0xa6, 0xae), QColor(0xee, 0xf0, 0xf2), QColor(0xd8, 0xdc, 0xe1), QColor(0xd5, 0xd9, 0xde),
            QColor(0xe6, 0xe8, 0xec), QColor(0xa9, 0xb0, 0xb9), QColor(0xfa, 0xfb, 0xfc), QColor(0xe3, 0xee, 0xff),
            QColor(0xe9, 0xeb, 0xee), QColor(0xc4, 0xc9, 0xd0), QColor(0xff, 0xff, 0xff), QColor(0x8a, 0x5a, 0x00),
            QColor(0xfb, 0xe0, 0xe0), QColor(0xfc, 0xef, 0xcf), QColor(0xdc, 0xe9, 0xfc), QColor(0x1f, 0x23, 0x28),
            QColor(0xff, 0xff, 0xe8), QColor(0xb8, 0xbe, 0xc6)};
}

QString styleSheet(const Theme& t)
{
    QString sheet = QStringLiteral(R"(
QMainWindow::separator { background: @separator; width: 4px; height: 4px; }
QDockWidget { font-weight: 600; }
QDockWidget::title { padding: 6px 10px; background: @title; border-bottom: 1px solid @separator; }
QLabel#sectionLabel { color: @muted; font-weight: 600; }
QLabel#dropZone { border: 2px dashed @dropBorder; border-radius: 10px; color: @muted; background: @dropBackground; padding: 6px; }
QLabel#dropZone[dragOver="true"] { border-color: @accent; background: @dragOver; }
QLabel#imageWarnings { color: @warningText; }
QLabel#vramSummary, QLabel#imageInfo, QLabel#savedLabel { color: @muted; }
QPlainTextEdit, QLineEdit, QComboBox {
  border: 1px solid @border; border-radius: 6px; padding: 4px 6px; background: @base; }
QPlainTextEdit:focus, QLineEdit:focus, QComboBox:focus { border-color: @accent; }
QPushButton { border: 1px solid @border; border-radius: 6px; padding: 6px 14px; background: @button; }
QPushButton:hover { background: @buttonHover; }
QPushButton:focus { border-color: @accent; }
QPushButton:disabled { color: @disabledText; background: @disabledButton; border-color: @disabledBorder; }
QPushButton#generateButton { background: @accentStrong; border: 1px solid @accent; color: white; font-weight: 700;
  font-size: 11pt; padding: 8px 22px; }
QPushButton#generateButton:hover { background: @accent; }
QPushButton#generateButton:pressed { background: @accentPressed; }
QPushButton#generateButton:focus { border: 2px solid @text; }
QPushButton#cancelButton:enabled { border-color: #a8433d; }
QWidget#runBar { background: @runBar; border-top: 1px solid @separator; }
QProgressBar { border: none; border-radius: 4px; background: @separator; }
QProgressBar::chunk { border-radius: 4px; background: @accent; }
QSlider::groove:horizontal { height: 4px; background: @groove; border-radius: 2px; }
QSlider::sub-page:horizontal { background: @accent; border-radius: 2px; }
QSlider::handle:horizontal { width: 14px; height: 14px; margin: -6px 0; border-radius: 7px; background: @handle;
  border: 1px solid @border; }
QToolButton { border-radius: 6px; padding: 4px; }
QToolButton:hover { background: @buttonHover; }
QToolButton:focus { border: 1px solid @accent; }
QToolButton:checked { background: @accentStrong; }
QFrame#errorBanner { border-radius: 0; border-bottom: 1px solid @separator; }
QFrame#errorBanner[kind="error"] { background: @errorBanner; }
QFrame#errorBanner[kind="warning"] { background: @warningBanner; }
QFrame#errorBanner[kind="info"] { background: @infoBanner; }
QLabel#bannerText { color: @bannerText; }
)");
    const QList<QPair<QString, QColor>> colours = {
        {QStringLiteral("@separator"), t.separator}, {QStringLiteral("@title"), t.title},
        {QStringLiteral("@muted"), t.muted}, {QStringLiteral("@dropBorder"), t.dropBorder},
        {QStringLiteral("@dropBackground"), t.dropBackground}, {QStringLiteral("@dragOver"), t.dragOverBackground},
        {QStringLiteral("@warningText"), t.warningText}, {QStringLiteral("@border"), t.border},
        {QStringLiteral("@base"), t.base}, {QStringLiteral("@buttonHover"), t.buttonHover},
        {QStringLiteral("@button"), t.button}, {QStringLiteral("@disabledText"), t.disabledText},
        {QStringLiteral("@disabledButton"), t.disabledButton}, {QStringLiteral("@disabledBorder"), t.disabledBorder},
        {QStringLiteral("@accentStrong"), kAccentStrong}, {QStringLiteral("@accentPressed"), kAccentPressed},
        {QStringLiteral("@accent"), kAccent}, {QStringLiteral("@runBar"), t.runBar},
        {QStringLiteral("@groove"), t.groove}, {QStringLiteral("@handle"), t.handle},
        {QStringLiteral("@errorBanner"), t.errorBanner}, {QStringLiteral("@warningBanner"), t.warningBanner},
        {QStringLiteral("@infoBanner"), t.infoBanner}, {QStringLiteral("@bannerText"), t.bannerText},
        {QStringLiteral("@text"), t.text}};
    for (const auto& [name, colour] : colours) // longer names first where one is a prefix of another
        sheet.replace(name, colour.name());
    return sheet;
}

QPalette paletteFor(const Theme& t)
{
    QPalette p;
    p.setColor(QPalette::Window, t.window);
    p.setColor(QPalette::WindowText, t.text);
    p.setColor(QPalette::Base, t.base);
    p.setColor(QPalette::AlternateBase, t.window);
    p.setColor(QPalette::ToolTipBase, t.toolTip);
    p.setColor(QPalette::ToolTipText, t.text);
    p.setColor(QPalette::Text, t.text);
    p.setColor(QPalette::PlaceholderText, t.placeholder);
    p.setColor(QPalette::Button, t.button);
    p.setColor(QPalette::ButtonText, t.text);
    p.setColor(QPalette::BrightText, Qt::white);
    p.setColor(QPalette::Mid, t.mid);
    p.setColor(QPalette::Highlight, kAccent);
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Link, kAccent);
    for (auto role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText})
        p.setColor(QPalette::Disabled, role, t.disabledText);
    return p;
}

// The palette the platform gave the application, before the studio replaced it.
QPalette& systemPalette()
{
    static QPalette palette = QApplication::palette();
    return palette;
}

// Watches a plot: at every paint, its buffer follows the window's device pixel ratio.
class PlotSharpener : public QObject {
public:
    explicit PlotSharpener(QCustomPlot* plot) : QObject(plot), m_plot(plot) { plot->installEventFilter(this); }
    bool eventFilter(QObject*, QEvent* event) override
    {
        if (event->type() == QEvent::Paint || event->type() == QEvent::Show) {
            const double ratio = m_plot->devicePixelRatioF();
            if (!qFuzzyCompare(m_plot->bufferDevicePixelRatio(), ratio)) {
                m_plot->setBufferDevicePixelRatio(ratio);
                m_plot->replot(QCustomPlot::rpQueuedReplot);
            }
        } else if (event->type() == QEvent::PaletteChange) {
            applyPlotStyle(m_plot, m_plot->palette());
            m_plot->replot(QCustomPlot::rpQueuedReplot);
        }
        return false;
    }

private:
    QCustomPlot* m_plot;
};

// Renders a monochrome SVG in the palette's colour: the icons are drawn in kIconInk, replaced at paint time.
class ThemedSvgEngine : public QIconEngine {
public:
    explicit ThemedSvgEngine(QByteArray svg) : m_svg(std::move(svg)) {}
    void paint(QPainter* painter, const QRect& rect, QIcon::Mode mode, QIcon::State) override
    {
        const QPalette palette = QApplication::palette();
        const QColor ink = mode == QIcon::Disabled ? palette.color(QPalette::Disabled, QPalette::ButtonText)
                                                   : palette.color(QPalette::Normal, QPalette::ButtonText);
        QByteArray svg = m_svg;
        svg.replace(kIconInk, ink.name().toLatin1());
        QSvgRenderer renderer(svg);
        renderer.render(painter, rect);
    }
    QPixmap pixmap(const QSize& size, QIcon::Mode mode, QIcon::State state) override
    {
        QPixmap pm(size);
        pm.fill(Qt::transparent);
        QPainter p(&pm);
        paint(&p, QRect(QPoint(0, 0), size), mode, state);
        return pm;
    }
    QIconEngine* clone() const override { return new ThemedSvgEngine(m_svg); }

private:
    static constexpr const char* kIconInk = "#dfe3e8";
    QByteArray m_svg;
};

} // namespace

QIcon themedIcon(const QString& name)
{
    QFile file(QStringLiteral(":/icons/%1.svg").arg(name));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QIcon(new ThemedSvgEngine(file.readAll()));
}

bool systemPrefersDark()
{
#if QT_VERSION >= QT_VERSION_CHECK(6, 5, 0)
    const Qt::ColorScheme scheme = QGuiApplication::styleHints()->colorScheme();
    if (scheme != Qt::ColorScheme::Unknown)
        return scheme == Qt::ColorScheme::Dark;
#endif
    const QPalette& p = systemPalette();
    return p.color(QPalette::Window).lightness() < p.color(QPalette::WindowText).lightness();
}

void applyStudioStyle(QApplication& app, const QString& theme)
{
    systemPalette(); // remember the platform's palette before the first change
    if (!app.style() || app.style()->name().compare(QLatin1String("fusion"), Qt::CaseInsensitive) != 0)
        app.setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
    const bool dark = theme == QLatin1String("dark") || (theme != QLatin1String("light") && systemPrefersDark());
    const Theme colours = dark ? darkTheme() : lightTheme();
    app.setPalette(paletteFor(colours));

    // Latin text in the UI font, Chinese from Noto CJK when installed (fonts-noto-cjk). Point sizes only.
    QFont font = app.font();
    QStringList families = {font.family()};
    for (const QString& cjk : {QStringLiteral("Noto Sans CJK SC"), QStringLiteral("Noto Sans SC"),
                               QStringLiteral("WenQuanYi Micro Hei")})
        if (QFontDatabase::hasFamily(cjk) && !families.contains(cjk))
            families << cjk;
    font.setFamilies(families);
    app.setFont(font);
    app.setStyleSheet(styleSheet(colours));
}

void keepPlotSharp(QCustomPlot* plot) { new PlotSharpener(plot); }

void applyPlotStyle(QCustomPlot* plot, const QPalette& palette)
{
    plot->setBackground(palette.color(QPalette::Base));
    const QColor text = palette.color(QPalette::Text);
    const QColor grid = palette.color(QPalette::Mid);
    for (QCPAxis* axis : {plot->xAxis, plot->yAxis}) {
        axis->setBasePen(QPen(grid));
        axis->setTickPen(QPen(grid));
        axis->setSubTickPen(QPen(grid));
        axis->setTickLabelColor(text);
        axis->setLabelColor(text);
        axis->grid()->setPen(QPen(grid, 0, Qt::DotLine));
    }
    if (plot->legend)
        plot->legend->setTextColor(text);
}

} // namespace ui
} // namespace i2v
