#include "ui/style.h"

#include <QApplication>
#include <QFontDatabase>
#include <QPalette>
#include <QStyleFactory>
#include <qcustomplot.h>

namespace i2v {
namespace ui {
namespace {

const char* kStyleSheet = R"(
QMainWindow::separator { background: #1b1d21; width: 4px; height: 4px; }
QDockWidget { font-weight: 600; }
QDockWidget::title { padding: 6px 10px; background: #2a2d33; border-bottom: 1px solid #1b1d21; }
QLabel#sectionLabel { color: #9aa3ad; font-weight: 600; }
QLabel#dropZone { border: 2px dashed #4a505a; border-radius: 10px; color: #9aa3ad; background: #202226; padding: 6px; }
QLabel#dropZone[dragOver="true"] { border-color: #3d8bfd; background: #1d2a3d; }
QLabel#imageWarnings { color: #e3b341; }
QLabel#vramSummary, QLabel#imageInfo, QLabel#savedLabel { color: #aeb6bf; }
QPlainTextEdit, QLineEdit, QComboBox {
  border: 1px solid #3b4048; border-radius: 6px; padding: 4px 6px; background: #1e2024; }
QPlainTextEdit:focus, QLineEdit:focus, QComboBox:focus { border-color: #3d8bfd; }
QPushButton { border: 1px solid #434954; border-radius: 6px; padding: 6px 14px; background: #30343b; }
QPushButton:hover { background: #383d45; }
QPushButton:disabled { color: #6b727c; background: #2a2d33; border-color: #33373e; }
QPushButton#generateButton { background: #2f74e0; border: 1px solid #3d8bfd; color: white; font-weight: 700;
  font-size: 11pt; padding: 8px 22px; }
QPushButton#generateButton:hover { background: #3d8bfd; }
QPushButton#generateButton:pressed { background: #2560c0; }
QPushButton#cancelButton:enabled { border-color: #a8433d; }
QWidget#runBar { background: #24272c; border-top: 1px solid #1b1d21; }
QProgressBar { border: none; border-radius: 4px; background: #1b1d21; }
QProgressBar::chunk { border-radius: 4px; background: #3d8bfd; }
QSlider::groove:horizontal { height: 4px; background: #3b4048; border-radius: 2px; }
QSlider::sub-page:horizontal { background: #3d8bfd; border-radius: 2px; }
QSlider::handle:horizontal { width: 14px; height: 14px; margin: -6px 0; border-radius: 7px; background: #dfe3e8; }
QToolButton { border-radius: 6px; padding: 4px; }
QToolButton:hover { background: #383d45; }
QToolButton:checked { background: #2f74e0; }
QFrame#errorBanner { border-radius: 0; border-bottom: 1px solid #1b1d21; }
QFrame#errorBanner[kind="error"] { background: #4a2326; }
QFrame#errorBanner[kind="warning"] { background: #47391c; }
QFrame#errorBanner[kind="info"] { background: #1f3350; }
QLabel#bannerText { color: #f0f2f4; }
)";

} // namespace

void applyStudioStyle(QApplication& app)
{
    app.setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
    QPalette p;
    const QColor window(0x26, 0x28, 0x2d);
    const QColor base(0x1e, 0x20, 0x24);
    const QColor text(0xe6, 0xe8, 0xeb);
    const QColor accent(0x3d, 0x8b, 0xfd);
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, window);
    p.setColor(QPalette::ToolTipBase, QColor(0x32, 0x36, 0x3d));
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::PlaceholderText, QColor(0x80, 0x88, 0x92));
    p.setColor(QPalette::Button, QColor(0x30, 0x34, 0x3b));
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::BrightText, Qt::white);
    p.setColor(QPalette::Mid, QColor(0x44, 0x49, 0x52));
    p.setColor(QPalette::Highlight, accent);
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Link, accent);
    for (auto role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText})
        p.setColor(QPalette::Disabled, role, QColor(0x6b, 0x72, 0x7c));
    app.setPalette(p);

    // Latin text in the UI font, Chinese from Noto CJK when installed (fonts-noto-cjk).
    QFont font = app.font();
    QStringList families = {font.family()};
    for (const QString& cjk : {QStringLiteral("Noto Sans CJK SC"), QStringLiteral("Noto Sans SC"),
                               QStringLiteral("WenQuanYi Micro Hei")})
        if (QFontDatabase::hasFamily(cjk))
            families << cjk;
    font.setFamilies(families);
    app.setFont(font);
    app.setStyleSheet(QString::fromLatin1(kStyleSheet));
}

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
}

} // namespace ui
} // namespace i2v
