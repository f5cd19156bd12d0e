# ruleid: cleartext-protocol-import -- Bandit B401
import telnetlib
# ruleid: cleartext-protocol-import -- Bandit B402
import ftplib
# ruleid: cleartext-protocol-import -- Bandit B402
from ftplib import FTP
# ruleid: pickle-import -- Bandit B403
import pickle
# ruleid: pickle-import -- Bandit B403
import cPickle
# ruleid: pickle-import -- Bandit B403
from dill import loads
import shelve
# ruleid: subprocess-import -- Bandit B404
import subprocess
# ruleid: subprocess-import -- Bandit B404
from subprocess import Popen, PIPE
# ruleid: xml-unsafe-import -- Bandit B405
import xml.etree.cElementTree
# ruleid: xml-unsafe-import -- Bandit B405
import xml.etree.ElementTree as ET
# ruleid: xml-unsafe-import -- Bandit B405
from xml.etree.ElementTree import parse
# ruleid: xml-unsafe-import -- Bandit B406
import xml.sax
# ruleid: xml-unsafe-import -- Bandit B406
from xml import sax
# ruleid: xml-unsafe-import -- Bandit B407
import xml.dom.expatbuilder
# ruleid: xml-unsafe-import -- Bandit B408
from xml.dom import minidom
# ruleid: xml-unsafe-import -- Bandit B409
from xml.dom.pulldom import parseString
# ruleid: xml-unsafe-import -- Bandit B410
import lxml.etree
# ruleid: xml-unsafe-import -- Bandit B410
from lxml import etree
# ruleid: xmlrpc-import -- Bandit B411
import xmlrpclib
from xmlrpc.server import SimpleXMLRPCServer
# ruleid: cgi-handler-import -- Bandit B412
from wsgiref.handlers import CGIHandler
# ruleid: cgi-handler-import -- Bandit B412
from twisted.web.twcgi import CGIScript
# ruleid: pycrypto-import -- Bandit B413
from Crypto.Cipher import AES
# ruleid: pycrypto-import -- Bandit B413
from Crypto import Random
# ruleid: pycrypto-import -- Bandit B413
import Crypto.PublicKey.RSA


def use():
    return telnetlib, ftplib, FTP, pickle, cPickle, loads, shelve, subprocess, Popen, PIPE
